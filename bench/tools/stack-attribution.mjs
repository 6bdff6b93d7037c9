// Which ballast module costs what: bare NestJS, then bare + one module at a time, then all of them
// (bench/apps/ballast-modules.mjs with MODULES=<name>), server CPU µs per request and req/s on `GET /`.
//   node bench/tools/stack-attribution.mjs [express|fastify] [rounds=8] [seconds=2]
// Each case's CPU µs/req is paired with bare Nest's in the same round; the figure is the median of those differences.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../lib/load.mjs';
import { startServer } from '../lib/server.mjs';
import { median, quartiles } from '../lib/stats.mjs';
import { positionalArgs } from '../lib/args.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The seven modules, by the names `bench/apps/ballast-modules.mjs` takes in MODULES. */
export const moduleNames = ['config', 'context', 'logger', 'exceptions', 'health', 'cache', 'shutdown'];

export const apps = {
  bare: join(here, '..', 'apps', 'bare-nest.mjs'),
  modules: join(here, '..', 'apps', 'ballast-modules.mjs'),
};

/**
 * Runs `cases` ({ name, main, env }; the first one is the baseline) in rotating order for `rounds` rounds and prints
 * a Markdown table: req/s, CPU µs/req, and the median of each round's difference with the baseline (with its IQR).
 */
export async function attribute({ adapter, cases, rounds = 8, seconds = 2, log = console.log }) {
  const servers = [];
  for (const c of cases) servers.push({ ...c, ...(await startServer(c, adapter)), samples: [] });
  try {
    for (const s of servers) await load(s.url, { duration: 1 });
    for (let round = 0; round < rounds; round += 1) {
      for (const s of servers.map((_, i) => servers[(i + round) % servers.length])) {
        const before = await s.cpuMicros();
        const r = await load(s.url, { duration: seconds });
        s.samples.push({ cpu: ((await s.cpuMicros()) - before) / r.requests.total, rps: r.requests.average });
      }
    }
  } finally {
    for (const s of servers) await s.stop();
  }
  const base = servers[0].samples;
  const rows = [`| ${adapter} | req/s | CPU µs/req | Δ vs ${servers[0].name} (IQR) |`, '| --- | ---: | ---: | ---: |'];
  for (const s of servers) {
    const deltas = s.samples.map((x, i) => x.cpu - base[i].cpu);
    const [q1, q3] = quartiles(deltas);
    rows.push(
      `| ${s.name} | ${Math.round(median(s.samples.map((x) => x.rps)))} | ${median(s.samples.map((x) => x.cpu)).toFixed(1)} | ` +
        (s === servers[0] ? '— |' : `${median(deltas).toFixed(1)} (${q1.toFixed(1)} … ${q3.toFixed(1)}) |`),
    );
  }
  log(rows.join('\n'));
  return servers;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { adapter, rounds, seconds } = positionalArgs({ adapter: 'express', rounds: 8, seconds: 2 });
  await attribute({
    adapter,
    rounds,
    seconds,
    cases: [
      { name: 'bare', main: apps.bare, env: {} },
      ...moduleNames.map((m) => ({ name: `+ ${m}`, main: apps.modules, env: { MODULES: m } })),
      { name: '+ all', main: apps.modules, env: {} },
    ],
  });
}
