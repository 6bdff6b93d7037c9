// Full-stack benchmark: the example app (every ballast module) vs a bare NestJS app, on Express and Fastify.
//   pnpm --filter @ballast/example-api build && node bench/suites/stack.mjs      (or `pnpm bench` for everything)
// Every server runs in its own process on loopback; autocannon runs here, on `GET /` (the same trivial JSON route
// in both apps). Rounds alternate the order of the cases, and each figure is the median of the rounds; ratios are
// taken against bare Nest of the same adapter, from the same run. Server CPU time per request is read from
// /proc/<pid>/stat before and after each run: on a 2-core machine the load generator shares the CPU, and CPU per
// request is much steadier than requests/s.
// Env: ROUNDS (default 5), DURATION seconds per run (default 3), CONNECTIONS (default 10), COLD_RUNS (default 5).
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import { openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMicros, freePort, median, waitFor200 } from '../lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const exampleMain = join(root, 'examples', 'api', 'dist', 'main.js');
const bareMain = join(here, '..', 'apps', 'bare-nest.mjs');
const modulesMain = join(here, '..', 'apps', 'ballast-modules.mjs');

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

const devNull = openSync('/dev/null', 'w');

function baseEnv() {
  // No service URLs: the example uses its embedded database and in-memory cache, like the bare app uses nothing.
  const { DATABASE_URL: _d, REDIS_URL: _r, NODE_OPTIONS: _n, ...rest } = process.env;
  return rest;
}

let pinning;
/** True when servers run on core 1 and this process on core 0 (Linux with taskset, 2+ cores, PIN not 0). */
export function pinned() {
  if (pinning === undefined) {
    pinning = false;
    if (process.env.PIN !== '0' && os.cpus().length >= 2) {
      try {
        execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
        pinning = true;
      } catch {
        // no taskset (macOS, minimal images): servers and load generator share the cores
      }
    }
  }
  return pinning;
}

/** Spawns one server; resolves once `GET /` answers 200, with the time from spawn to that answer. */
export async function startServer(variant, adapter, { pin = true } = {}) {
  const port = await freePort();
  const started = performance.now();
  // PIN=1 (the default where `taskset` exists): the server on the second core and the load generator (this
  // process) on the first, so that they stop taking CPU time from each other.
  const [command, args] =
    pin && pinned() ? ['taskset', ['-c', '1', process.execPath, variant.main]] : [process.execPath, [variant.main]];
  const child = spawn(command, args, {
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

/** Requests a fresh server gets before it is measured: V8 optimizes hot code after a number of calls, not seconds. */
const WARM_UP_REQUESTS = 20_000;

function warmUp(url, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ url, amount: WARM_UP_REQUESTS, connections }, (error) => (error ? reject(error) : resolve()));
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
      for (const server of servers) await warmUp(server.url, connections);
      // Each adapter's cases run back to back, so a case and its bare baseline are measured seconds apart (the
      // machine's speed drifts over minutes); the order rotates each round so that no case always follows another.
      const adapterOrder = round % 2 === 0 ? adapters : [...adapters].reverse();
      for (const adapter of adapterOrder) {
        const group = servers.filter((s) => s.case.adapter === adapter);
        for (const server of group.map((_, i) => group[(i + round) % group.length])) {
          const cpuBefore = cpuMicros(server.child.pid);
          const result = await load(server.url, duration, connections);
          const cpuAfter = cpuMicros(server.child.pid);
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
      for (const server of servers) await stop(server.child);
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
      cpuDeltaRange: spread(s.map((x, i) => x.cpuPerRequest - bare[i].cpuPerRequest)),
      errors: s.reduce((sum, x) => sum + x.errors, 0),
      requests: s.reduce((sum, x) => sum + x.requests, 0),
    });
  }
  return results;
}

/** The interquartile range of a sample, as [q1, q3]: how far the paired rounds disagree. */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  return [at(0.25), at(0.75)];
}

/**
 * What loading costs, module by module: in a fresh process with reflect-metadata, @nestjs/common and @nestjs/core
 * already loaded, the time of one `import()` of each ballast package's dist (with everything it pulls in) and of
 * the libraries they are built on. Medians of `runs` processes, in ms.
 */
export async function importTimes({ runs = 5 } = {}) {
  const packages = ['context', 'config', 'logger', 'exceptions', 'health', 'cache', 'shutdown'];
  const cases = [
    ...packages.map((p) => ({ name: `@ballast/${p}`, cwd: join(root, 'packages', p), specifier: './dist/index.js' })),
    { name: 'joi', cwd: join(root, 'packages', 'config'), specifier: 'joi' },
    { name: '@nestjs/config', cwd: join(root, 'packages', 'config'), specifier: '@nestjs/config' },
    { name: 'pino', cwd: join(root, 'packages', 'logger'), specifier: 'pino' },
    { name: '@nestjs/terminus', cwd: join(root, 'packages', 'health'), specifier: '@nestjs/terminus' },
    {
      name: 'cache-manager + keyv + lru-cache',
      cwd: join(root, 'packages', 'cache'),
      specifier: 'cache-manager',
      more: ['keyv', 'lru-cache'],
    },
    { name: '@nestjs/cache-manager', cwd: join(root, 'packages', 'cache'), specifier: '@nestjs/cache-manager' },
  ];
  const results = [];
  for (const c of cases) {
    const specifiers = [c.specifier, ...(c.more ?? [])].map((x) => JSON.stringify(x)).join(', ');
    const script =
      "import 'reflect-metadata'; await import('@nestjs/common'); await import('@nestjs/core');" +
      `const t = performance.now(); for (const s of [${specifiers}]) await import(s);` +
      'process.stdout.write(String(performance.now() - t));';
    const times = [];
    for (let run = 0; run < runs; run += 1) {
      times.push(
        Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: c.cwd, encoding: 'utf8' })),
      );
    }
    results.push({ name: c.name, ms: median(times) });
  }
  return results;
}

/**
 * Spawn-to-first-200 times of `cases` ({ main, env }) on one adapter, `runs` times each: in each run every case starts
 * once, in an order that rotates between runs, so that no app always starts right after another one exited. Not
 * pinned: start-up uses more than one thread (compilation, GC), as it does in production. Returns one array of ms per
 * case, index by index in run order (pair them run by run).
 */
export async function coldStartTimes(cases, adapter, runs) {
  const times = cases.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const i of cases.map((_, k) => (k + run) % cases.length)) {
      const server = await startServer(cases[i], adapter, { pin: false });
      times[i].push(server.coldStartMs);
      await stop(server.child);
    }
  }
  return times;
}

/** Cold start: spawn to first 200 on `GET /` of bare Nest, bare + ballast modules, the example; medians in ms. */
export async function coldStart({ runs = 3, adapters = ['express', 'fastify'], log = console.log } = {}) {
  const names = ['bare', 'imports', 'modules', 'ballast'];
  // The modules app with MODULES empty: it imports all seven packages (and the libraries they load) and registers
  // none, which splits the modules' cold start into loading code and setting the modules up.
  const importsOnly = { name: 'imports', main: modulesMain, env: { MODULES: '' } };
  const cases = names.map((name) => (name === 'imports' ? importsOnly : variants.find((v) => v.name === name)));
  const results = [];
  for (const adapter of adapters) {
    const times = Object.fromEntries((await coldStartTimes(cases, adapter, runs)).map((t, i) => [names[i], t]));
    const [bare, imports, modules, ballast] = names.map((name) => median(times[name]));
    // Differences paired within a run (the apps start one after another), then the median.
    const pairedDelta = (name) => median(times[name].map((t, i) => t - times.bare[i]));
    results.push({
      adapter,
      bare,
      imports,
      modules,
      ballast,
      importsDelta: pairedDelta('imports'),
      modulesDelta: pairedDelta('modules'),
      delta: pairedDelta('ballast'),
      runs,
    });
    log(
      `  cold start ${adapter}: bare ${bare.toFixed(0)} ms, + packages imported only ${imports.toFixed(0)} ms, ` +
        `+ ballast modules ${modules.toFixed(0)} ms, example ${ballast.toFixed(0)} ms`,
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
