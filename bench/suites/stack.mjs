// Full-stack benchmark: the example app (every ballast module) vs a bare NestJS app, on Express and Fastify.
//   pnpm --filter @ballast/example-api build && node bench/suites/stack.mjs      (or `pnpm bench` for everything)
// Every server runs in its own process on loopback; autocannon runs here, on `GET /` (the same trivial JSON route
// in both apps). Rounds alternate the order of the cases, and each figure is the median of the rounds; ratios are
// taken against bare Nest of the same adapter, from the same run. Server CPU time per request is read before and
// after each run (bench/lib/server.mjs): on a 2-core machine the load generator shares the CPU, and CPU per request
// is much steadier than requests/s. Cold start: bench/suites/cold-start.mjs.
// Env: ROUNDS (default 5), DURATION seconds per run (default 3), CONNECTIONS (default 10).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../lib/load.mjs';
import { startServer } from '../lib/server.mjs';
import { median, quartiles } from '../lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const exampleMain = join(root, 'examples', 'api', 'dist', 'main.js');
export const bareMain = join(here, '..', 'apps', 'bare-nest.mjs');
export const modulesMain = join(here, '..', 'apps', 'ballast-modules.mjs');

/** The cases: bare Nest, the example with its request log line, the example with request logging off. */
export const variants = [
  { name: 'bare', label: 'bare NestJS', main: bareMain, env: {} },
  // bare + the seven ballast modules with their defaults (memory cache, health without a database): ballast alone.
  { name: 'modules', label: 'bare + all ballast modules', main: modulesMain, env: { LOG_LEVEL: 'info' } },
  {
    name: 'modules-nolog',
    label: 'bare + all ballast modules, request logging off',
    main: modulesMain,
    env: { LOG_LEVEL: 'warn' },
  },
  // Not ballast: one AsyncLocalStorage.run() per request and nothing else, the floor of any ALS-based context.
  {
    name: 'als',
    label: 'bare + AsyncLocalStorage.run per request (no ballast)',
    main: join(here, '..', 'apps', 'bare-als.mjs'),
    env: {},
  },
  // Not ballast: nestjs-pino's request logging with its defaults, the reference for the request-logging target.
  {
    name: 'nestjs-pino',
    label: 'bare + nestjs-pino, its defaults (no ballast)',
    main: join(here, '..', 'apps', 'nestjs-pino.mjs'),
    env: {},
  },
  // Express only: @ballast/context's fastExpressRequests option, with all modules, and the same trick in a bare app
  // (no ballast), so that what ballast costs on top of the option can be read apart from what the option saves.
  {
    name: 'modules-fast',
    label: 'bare + all ballast modules, fastExpressRequests',
    main: modulesMain,
    env: { LOG_LEVEL: 'info', FAST_EXPRESS: '1' },
    adapters: ['express'],
  },
  {
    name: 'bare-fast',
    label: "bare NestJS, requests built with Express's prototypes (no ballast)",
    main: join(here, '..', 'apps', 'bare-express-prototypes.mjs'),
    env: {},
    adapters: ['express'],
  },
  // LOG_LEVEL=info: one JSON line per request (the example's default), to /dev/null.
  { name: 'ballast', label: 'example app (full stack)', main: exampleMain, env: { LOG_LEVEL: 'info' } },
  // The example has no switch for request logging alone: LOG_LEVEL=warn turns request lines (info) off.
  { name: 'ballast-nolog', label: 'example app, request logging off', main: exampleMain, env: { LOG_LEVEL: 'warn' } },
];

/** Requests a fresh server gets before it is measured: V8 optimizes hot code after a number of calls, not seconds. */
const WARM_UP_REQUESTS = 20_000;

/** Throughput rounds. Returns per adapter and variant: median req/s, p50, p99 (ms), CPU µs/request, errors. */
export async function throughput({
  rounds = 5,
  duration = 3,
  connections = 10,
  adapters = ['express', 'fastify'],
  log = console.log,
} = {}) {
  const cases = adapters.flatMap((adapter) =>
    variants.filter((v) => v.adapters?.includes(adapter) ?? true).map((variant) => ({ adapter, variant })),
  );
  const samples = new Map(cases.map((c) => [c, []]));
  for (let round = 0; round < rounds; round += 1) {
    // Fresh processes every round: how V8 compiles a process's hot code and where its memory lands stay fixed for
    // the process's life and move its CPU per request by several µs, so one process per case would carry that
    // lottery into every round; new ones each round sample it, like the machine's drift.
    const servers = [];
    try {
      for (const c of cases) servers.push({ case: c, ...(await startServer(c.variant, c.adapter)) });
      // Warm-up, not measured: optimizing compilers run on their own threads, whose CPU time would count as the
      // server's if it fell in a measured run.
      for (const server of servers) await load(server.url, { amount: WARM_UP_REQUESTS, connections });
      // Each adapter's cases run back to back, so a case and its bare baseline are measured seconds apart (the
      // machine's speed drifts over minutes); the order rotates each round so that no case always follows another.
      const adapterOrder = round % 2 === 0 ? adapters : [...adapters].reverse();
      for (const adapter of adapterOrder) {
        const group = servers.filter((s) => s.case.adapter === adapter);
        for (const server of group.map((_, i) => group[(i + round) % group.length])) {
          const cpuBefore = await server.cpuMicros();
          const result = await load(server.url, { duration, connections });
          const cpuAfter = await server.cpuMicros();
          const requests = result.requests.total;
          samples.get(server.case).push({
            rps: result.requests.average,
            p50: result.latency.p50,
            p99: result.latency.p99,
            cpuPerRequest: (cpuAfter - cpuBefore) / requests,
            errors: result.errors + result.timeouts + result.non2xx,
            requests,
          });
        }
      }
    } finally {
      for (const server of servers) await server.stop();
    }
    log(`  round ${round + 1}/${rounds} done`);
  }
  const results = [];
  for (const c of cases) {
    const s = samples.get(c);
    const bare = samples.get(cases.find((b) => b.adapter === c.adapter && b.variant.name === 'bare'));
    results.push({
      adapter: c.adapter,
      variant: c.variant.name,
      label: c.variant.label,
      rps: median(s.map((x) => x.rps)),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      cpuPerRequest: median(s.map((x) => x.cpuPerRequest)),
      // Paired with bare Nest of the same round, then the median: steadier than the difference of two medians.
      rpsRatio: median(s.map((x, i) => x.rps / bare[i].rps)),
      p50Ratio: median(s.map((x, i) => (bare[i].p50 > 0 ? x.p50 / bare[i].p50 : NaN))),
      p99Ratio: median(s.map((x, i) => (bare[i].p99 > 0 ? x.p99 / bare[i].p99 : NaN))),
      cpuDelta: median(s.map((x, i) => x.cpuPerRequest - bare[i].cpuPerRequest)),
      cpuDeltaRange: quartiles(s.map((x, i) => x.cpuPerRequest - bare[i].cpuPerRequest)),
      errors: s.reduce((sum, x) => sum + x.errors, 0),
      requests: s.reduce((sum, x) => sum + x.requests, 0),
    });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const results = await throughput({
    rounds: Number(env.ROUNDS ?? 5),
    duration: Number(env.DURATION ?? 3),
    connections: Number(env.CONNECTIONS ?? 10),
  });
  console.table(results);
}
