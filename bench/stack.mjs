// Full-stack benchmark: the example app (every ballast module) vs a bare NestJS app, on Express and Fastify.
//   pnpm --filter @ballast/example-api build && node bench/stack.mjs      (or `pnpm bench` for everything)
// Every server runs in its own process on loopback; autocannon runs here, on `GET /` (the same trivial JSON route
// in both apps). Rounds alternate the order of the cases, and each figure is the median of the rounds; ratios are
// taken against bare Nest of the same adapter, from the same run. Server CPU time per request is read from
// /proc/<pid>/stat before and after each run: on a 2-core machine the load generator shares the CPU, and CPU per
// request is much steadier than requests/s.
// Env: ROUNDS (default 5), DURATION seconds per run (default 3), CONNECTIONS (default 10), COLD_RUNS (default 5).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMicros, freePort, median, waitFor200 } from './lib/proc.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
export const exampleMain = join(root, 'examples', 'api', 'dist', 'main.js');
const bareMain = join(here, 'apps', 'bare-nest.mjs');
const modulesMain = join(here, 'apps', 'ballast-modules.mjs');

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
  // LOG_LEVEL=info: one JSON line per request (the example's default), to /dev/null.
  { name: 'ballast', label: 'example app (full stack)', main: exampleMain, env: { LOG_LEVEL: 'info' } },
  // The example has no switch for request logging alone: LOG_LEVEL=warn turns request lines (info) off.
  { name: 'ballast-nolog', label: 'example app, request logging off', main: exampleMain, env: { LOG_LEVEL: 'warn' } },
];

const devNull = openSync('/dev/null', 'w');

function baseEnv() {
  // No service URLs: the example uses its embedded database and in-memory cache, like the bare app uses nothing.
  const { DATABASE_URL: _d, REDIS_URL: _r, NODE_OPTIONS: _n, ...rest } = process.env;
  return rest;
}

/** Spawns one server; resolves once `GET /` answers 200, with the time from spawn to that answer. */
export async function startServer(variant, adapter) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [variant.main], {
    cwd: dirname(variant.main),
    env: {
      ...baseEnv(),
      NODE_ENV: 'production',
      SHUTDOWN_DELAY: '0',
      PORT: String(port),
      HTTP_ADAPTER: adapter,
      ...variant.env,
    },
    stdio: ['ignore', devNull, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/`;
  const ready = await waitFor200(url, { child });
  return { child, url, coldStartMs: ready - started };
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function load(url, duration, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ url, duration, connections }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Throughput rounds. Returns per adapter and variant: median req/s, p50, p99 (ms), CPU µs/request, errors. */
export async function throughput({
  rounds = 5,
  duration = 3,
  connections = 10,
  adapters = ['express', 'fastify'],
  log = console.log,
} = {}) {
  const servers = [];
  for (const adapter of adapters)
    for (const variant of variants) servers.push({ adapter, variant, ...(await startServer(variant, adapter)) });
  const samples = new Map(servers.map((s) => [s, []]));
  try {
    // Warm-up: JIT and caches, not measured.
    for (const server of servers) await load(server.url, 2, connections);
    for (let round = 0; round < rounds; round += 1) {
      // Rotate the order each round so that a busy neighbour does not always land on the same case.
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      for (const server of order) {
        const cpuBefore = cpuMicros(server.child.pid);
        const result = await load(server.url, duration, connections);
        const cpuAfter = cpuMicros(server.child.pid);
        const requests = result.requests.total;
        samples.get(server).push({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          cpuPerRequest: (cpuAfter - cpuBefore) / requests,
          errors: result.errors + result.timeouts + result.non2xx,
          requests,
        });
      }
      log(`  round ${round + 1}/${rounds} done`);
    }
  } finally {
    for (const server of servers) await stop(server.child);
  }
  const results = [];
  for (const server of servers) {
    const s = samples.get(server);
    results.push({
      adapter: server.adapter,
      variant: server.variant.name,
      label: server.variant.label,
      rps: median(s.map((x) => x.rps)),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      cpuPerRequest: median(s.map((x) => x.cpuPerRequest)),
      errors: s.reduce((sum, x) => sum + x.errors, 0),
      requests: s.reduce((sum, x) => sum + x.requests, 0),
    });
  }
  for (const r of results) {
    const bare = results.find((b) => b.adapter === r.adapter && b.variant === 'bare');
    r.rpsRatio = r.rps / bare.rps;
    r.p50Ratio = bare.p50 > 0 ? r.p50 / bare.p50 : NaN;
    r.p99Ratio = bare.p99 > 0 ? r.p99 / bare.p99 : NaN;
    r.cpuDelta = r.cpuPerRequest - bare.cpuPerRequest;
  }
  return results;
}

/** Cold start: spawn to first 200 on `GET /` of bare Nest, bare + ballast modules, the example; medians in ms. */
export async function coldStart({ runs = 3, adapters = ['express', 'fastify'], log = console.log } = {}) {
  const names = ['bare', 'modules', 'ballast'];
  const results = [];
  for (const adapter of adapters) {
    const times = Object.fromEntries(names.map((name) => [name, []]));
    for (let run = 0; run < runs; run += 1) {
      // Rotate the order so that no app always starts right after another one exited.
      for (const name of names.map((_, i) => names[(i + run) % names.length])) {
        const server = await startServer(
          variants.find((v) => v.name === name),
          adapter,
        );
        times[name].push(server.coldStartMs);
        await stop(server.child);
      }
    }
    const [bare, modules, ballast] = names.map((name) => median(times[name]));
    results.push({ adapter, bare, modules, ballast, modulesDelta: modules - bare, delta: ballast - bare, runs });
    log(
      `  cold start ${adapter}: bare ${bare.toFixed(0)} ms, + ballast modules ${modules.toFixed(0)} ms, example ${ballast.toFixed(0)} ms`,
    );
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
  console.table(await coldStart({ runs: Number(env.COLD_RUNS ?? 5) }));
}
