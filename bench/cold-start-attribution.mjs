// Where the cold start of "bare + all ballast modules" goes: bare NestJS; the same app with every ballast package
// imported but no module registered (what loading the packages and their libraries costs); bare + one module at a
// time; all of them. Spawn of `node <main>` to the first 200 on `GET /`, unpinned (start-up uses several threads).
//   node bench/cold-start-attribution.mjs [express|fastify] [runs=9]
// Each run starts every case once, in an order that rotates between runs; each Δ is the median of the differences
// with bare Nest started in the same run.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/proc.mjs';
import { spread, startServer } from './stack.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const bare = join(here, 'apps', 'bare-nest.mjs');
const modules = join(here, 'apps', 'ballast-modules.mjs');
const names = ['config', 'context', 'logger', 'exceptions', 'health', 'cache', 'shutdown'];

const [adapter = 'fastify', runs = '9'] = process.argv.slice(2);
const cases = [
  { name: 'bare NestJS', main: bare, env: {} },
  // MODULES is empty: the app's imports load all seven packages, its module registers none of them.
  { name: '+ every package imported, no module registered', main: modules, env: { MODULES: '' } },
  ...names.map((m) => ({ name: `+ ${m}`, main: modules, env: { MODULES: m } })),
  { name: '+ all seven modules', main: modules, env: {} },
];

const times = cases.map(() => []);
for (let run = 0; run < Number(runs); run += 1) {
  for (const i of cases.map((_, k) => (k + run) % cases.length)) {
    const server = await startServer(cases[i], adapter, { pin: false });
    times[i].push(server.coldStartMs);
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGKILL');
    await exited;
  }
  console.error(`run ${run + 1}/${runs} done`);
}

const rows = [`| ${adapter} | cold start (median) | Δ vs bare (IQR) |`, '| --- | ---: | ---: |'];
cases.forEach((c, i) => {
  const deltas = times[i].map((t, run) => t - times[0][run]);
  const [q1, q3] = spread(deltas);
  rows.push(
    `| ${c.name} | ${median(times[i]).toFixed(0)} ms | ` +
      (i === 0 ? '— |' : `${median(deltas).toFixed(0)} ms (${q1.toFixed(0)} … ${q3.toFixed(0)}) |`),
  );
});
console.log(rows.join('\n'));
