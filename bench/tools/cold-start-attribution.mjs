// Where the cold start of "bare + all ballast modules" goes: bare NestJS; the same app with every ballast package
// imported but no module registered (what loading the packages and their libraries costs); bare + one module at a
// time; all of them. Spawn of `node <main>` to the first 200 on `GET /`, unpinned (start-up uses several threads).
//   node bench/tools/cold-start-attribution.mjs [express|fastify] [runs=9]
// Each run starts every case once, in an order that rotates between runs; each Δ is the median of the differences
// with bare Nest started in the same run.
import { median, quartiles } from '../lib/stats.mjs';
import { coldStartTimes } from '../suites/cold-start.mjs';
import { apps, moduleNames } from './stack-attribution.mjs';
import { positionalArgs } from '../lib/args.mjs';

const { adapter, runs } = positionalArgs({ adapter: 'fastify', runs: 9 });
const cases = [
  { name: 'bare NestJS', main: apps.bare, env: {} },
  // MODULES is empty: the app's imports load all seven packages, its module registers none of them.
  { name: '+ every package imported, no module registered', main: apps.modules, env: { MODULES: '' } },
  ...moduleNames.map((m) => ({ name: `+ ${m}`, main: apps.modules, env: { MODULES: m } })),
  { name: '+ all seven modules', main: apps.modules, env: {} },
];

const times = await coldStartTimes(cases, adapter, runs);
const rows = [`| ${adapter} | cold start (median) | Δ vs bare (IQR) |`, '| --- | ---: | ---: |'];
cases.forEach((c, i) => {
  const deltas = times[i].map((t, run) => t - times[0][run]);
  const [q1, q3] = quartiles(deltas);
  rows.push(
    `| ${c.name} | ${median(times[i]).toFixed(0)} ms | ` +
      (i === 0 ? '— |' : `${median(deltas).toFixed(0)} ms (${q1.toFixed(0)} … ${q3.toFixed(0)}) |`),
  );
});
console.log(rows.join('\n'));
