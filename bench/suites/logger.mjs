// Benchmark of @ballast/logger, run on demand against the built dist (never a timed test):
//   pnpm --filter @ballast/context --filter @ballast/logger build && node bench/suites/logger.mjs
// 1. lines/s through BallastLogger vs raw pino (bench/suites/logger-lines.mjs, same /dev/null destination);
// 2. requests/s of a trivial route with ballast request logging vs nestjs-pino vs no logging, on Express and Fastify
//    (each app in its own process, bench/apps/logger-cases.mjs; autocannon here), in alternating rounds.
// Options (env): ROUNDS (default 5), DURATION seconds per run (default 3), CONNECTIONS (default 10),
// LINES per lines-round (default 30000), LINE_ROUNDS (default 2 × ROUNDS + 1).
import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { load } from '../lib/load.mjs';
import { startServer } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const DURATION = Number(process.env.DURATION ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const LINES = Number(process.env.LINES ?? 30_000);
// Short runs (bench/suites/run.mjs passes ROUNDS=3) get proportionally fewer line rounds, to stay within its time limit.
const LINE_ROUNDS = Number(process.env.LINE_ROUNDS ?? 2 * ROUNDS + 1);

console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${process.platform}`);

// 1. lines/s
const { stdout } = await promisify(execFile)(
  process.execPath,
  [join(here, 'logger-lines.mjs'), String(LINES), String(LINE_ROUNDS)],
  { maxBuffer: 1 << 20 },
);
const lines = JSON.parse(stdout.trim().split('\n').pop());
console.log('\n## lines/s (median of rounds) and ratio to raw pino (median of per-round ratios)');
for (const [name, rate] of Object.entries(lines.medianLinesPerSecond)) {
  const ratio = lines.medianRatioToRawPino[name];
  console.log(`| ${name} | ${rate.toLocaleString('en-US')} | ${ratio === undefined ? '1.00' : ratio.toFixed(2)}x |`);
}

// 2. requests/s
const main = join(here, '..', 'apps', 'logger-cases.mjs');
const adapters = ['express', 'fastify'];
const variants = ['none', 'ballast', 'ballast-logger-only', 'nestjs-pino'];
const servers = {};
try {
  for (const adapter of adapters) {
    for (const variant of variants) {
      // Not pinned, and NODE_ENV as this process has it (the stack's apps run pinned, in production mode).
      const app = { main, args: [variant], path: '/hello', env: { NODE_ENV: process.env.NODE_ENV } };
      servers[`${adapter}/${variant}`] = await startServer(app, adapter, { pin: false });
    }
  }
  const run = (url, duration) => load(url, { connections: CONNECTIONS, duration });
  for (const { url } of Object.values(servers)) await run(url, 1); // warm-up (JIT)

  const rps = Object.fromEntries(Object.keys(servers).map((k) => [k, []]));
  const cpuPerRequest = Object.fromEntries(Object.keys(servers).map((k) => [k, []]));
  const ratios = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const adapter of adapters) {
      // Alternate the order each round; ratios are computed within a round.
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      const r = {};
      for (const variant of order) {
        const server = servers[`${adapter}/${variant}`];
        const cpuBefore = await server.cpuMicros();
        const result = await run(server.url, DURATION);
        cpuPerRequest[`${adapter}/${variant}`].push(((await server.cpuMicros()) - cpuBefore) / result.requests.total);
        if (result.non2xx || result.errors)
          throw new Error(`${adapter}/${variant}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        r[variant] = result.requests.average;
        rps[`${adapter}/${variant}`].push(r[variant]);
      }
      for (const variant of variants.slice(1)) {
        (ratios[`${adapter}/${variant}`] ??= []).push(r[variant] / r.none);
      }
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  console.log(
    `\n## requests/s, GET /hello, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} alternating rounds`,
  );
  console.log(
    '| adapter | logging | req/s (median) | req/s vs no logging (median ratio) | server CPU µs/request (median) | CPU µs added per request |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const key of Object.keys(servers)) {
    const [adapter, variant] = key.split('/');
    const ratio = ratios[key] ? median(ratios[key]) : 1;
    const cpu = median(cpuPerRequest[key]);
    const added = cpu - median(cpuPerRequest[`${adapter}/none`]);
    console.log(
      `| ${adapter} | ${variant} | ${Math.round(median(rps[key])).toLocaleString('en-US')} | ${ratio.toFixed(2)}x | ${cpu.toFixed(1)} | ${variant === 'none' ? '-' : `+${added.toFixed(1)}`} |`,
    );
  }
  console.log('\nraw', JSON.stringify({ lines, rps, ratios, cpuPerRequest }));
} finally {
  for (const server of Object.values(servers)) await server.stop();
}
