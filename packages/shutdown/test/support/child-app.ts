import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../fixtures/app.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** What `test/fixtures/app.mjs` reads from its FIXTURE variable. */
export interface FixtureConfig {
  adapter: 'express' | 'fastify';
  mode?: 'ballast' | 'nest';
  options?: Record<string, unknown>;
  hangOnClose?: boolean;
  /** @ballast/logger (its dist) as the app's logger: JSON lines on stdout. */
  logger?: boolean;
}

/** A fixture app running in its own process. */
export interface ChildApp {
  pid: number;
  port: number;
  url: string;
  /** Everything it printed so far (stdout + stderr). */
  output(): string;
  /** Lines of stdout equal to `line`. */
  count(line: string): number;
  /** Sends a real signal; returns `performance.now()` at the send. */
  signal(signal?: NodeJS.Signals): number;
  /** Resolves when the process has exited, with its code and `performance.now()` at the exit. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const children = new Set<ChildProcess>();

/** Kills every fixture still running (afterAll). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

export function assertDistBuilt(): void {
  if (!existsSync(dist)) {
    throw new Error(`${dist} is missing: run \`pnpm --filter @ballast/shutdown build\` before these tests.`);
  }
}

/** Starts the fixture app and waits until it listens. */
export async function startChild(config: FixtureConfig): Promise<ChildApp> {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', FIXTURE: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => {
      const at = performance.now();
      children.delete(child);
      resolve({ code, signal, at });
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fixture did not start in 20 s:\n${out}`)), 20_000);
    const onData = (): void => {
      const match = /LISTENING (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    count: (line) => out.split('\n').filter((l) => l === line).length,
    signal: (signal = 'SIGTERM') => {
      const at = performance.now();
      process.kill(child.pid!, signal);
      return at;
    },
    exited,
  };
}

export interface Reply {
  ok: boolean;
  status: number;
  /** Error code when the request failed at the socket level (ECONNREFUSED, ECONNRESET, ...). */
  error?: string;
  connectionClose: boolean;
  /** `performance.now()` when the request was sent and when it ended. */
  sentAt: number;
  endedAt: number;
}

/** One GET through `agent` (a keep-alive agent reuses sockets, and drops those answered with `Connection: close`). */
export function get(url: string, agent: Agent | false, timeoutMs = 15_000): Promise<Reply> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300,
          status: res.statusCode ?? 0,
          connectionClose: /close/i.test(String(res.headers.connection ?? '')),
          sentAt,
          endedAt: performance.now(),
        }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({
          ok: false,
          status: 0,
          error: error.code ?? error.message,
          connectionClose: false,
          sentAt,
          endedAt: performance.now(),
        }),
      );
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        status: 0,
        error: error.code ?? error.message,
        connectionClose: false,
        sentAt,
        endedAt: performance.now(),
      }),
    );
    req.end();
  });
}

export interface LoadResult {
  total: number;
  failed: number;
  errors: Record<string, number>;
  /** Requests sent after the signal (during the readiness delay) and how many of them failed. */
  afterSignal: number;
  failedAfterSignal: number;
  connectionClose: number;
  durationMs: number;
}

/**
 * Keep-alive load: `connections` workers, each sending one request after the other through a shared keep-alive agent
 * (at most `connections` sockets). Runs until `minRequests` were answered (and at least `minMs`), then calls
 * `onReady()` (which sends the signal) and keeps sending for `afterSignalMs` more — the time a load balancer takes to
 * stop routing to a pod whose readiness fails — then stops sending and waits for what is in flight.
 */
export async function runLoad(options: {
  url: string;
  connections: number;
  minRequests: number;
  minMs: number;
  maxMs: number;
  afterSignalMs: number;
  onReady: () => number;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const result: LoadResult = {
    total: 0,
    failed: 0,
    errors: {},
    afterSignal: 0,
    failedAfterSignal: 0,
    connectionClose: 0,
    durationMs: 0,
  };
  const start = performance.now();
  let signalAt: number | undefined;
  let stopAt = Number.POSITIVE_INFINITY;
  const worker = async (): Promise<void> => {
    for (;;) {
      const now = performance.now();
      if (now >= stopAt) return;
      if (signalAt === undefined && result.total >= options.minRequests && now - start >= options.minMs) {
        signalAt = options.onReady();
        stopAt = signalAt + options.afterSignalMs;
      } else if (signalAt === undefined && now - start >= options.maxMs) {
        signalAt = options.onReady();
        stopAt = signalAt + options.afterSignalMs;
      }
      const sentAfterSignal = signalAt !== undefined;
      const reply = await get(`${options.url}/fast`, agent);
      result.total += 1;
      if (sentAfterSignal) result.afterSignal += 1;
      if (reply.connectionClose) result.connectionClose += 1;
      if (!reply.ok) {
        result.failed += 1;
        if (sentAfterSignal) result.failedAfterSignal += 1;
        const key = reply.error ?? `HTTP ${reply.status}`;
        result.errors[key] = (result.errors[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  result.durationMs = Math.round(performance.now() - start);
  agent.destroy();
  return result;
}
