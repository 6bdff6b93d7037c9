import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, sleep } from '@ballast/test-support';

// Shared by the resilience suite: the built example app in child processes (real signals, real sockets, loopback).

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const appDir = join(root, 'examples', 'api');
export const mainJs = join(appDir, 'dist', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the example when dist/main.js is missing or older than its sources. Same as
 * `pnpm --filter @ballast/example-api build` (its build script is this tsc call), without needing pnpm on PATH.
 * Needs the packages' dist (`pnpm build`; `npm test` and CI build first).
 */
export function ensureExampleBuilt(): void {
  if (existsSync(mainJs) && statSync(mainJs).mtimeMs >= newestMtime(join(appDir, 'src'))) return;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  // Type errors elsewhere would not stop the emit; what matters is that main.js is there.
  spawnSync(process.execPath, [tsc, '-p', join(appDir, 'tsconfig.build.json')], { stdio: 'ignore' });
  if (!existsSync(mainJs)) throw new Error(`${mainJs} was not built`);
}

export interface App {
  process: ChildProcess;
  port: number;
  url: string;
  /** Everything the app wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  alive(): boolean;
}

/** Starts `node examples/api/dist/main.js` with the given environment; no service URL is inherited unless given. */
export async function startApp(env: Record<string, string>, port?: number): Promise<App> {
  const listenPort = port ?? (await freePort());
  const { DATABASE_URL: _d, REDIS_URL: _r, NODE_OPTIONS: _n, ...rest } = process.env;
  const child = spawn(process.execPath, [mainJs], {
    cwd: appDir,
    // MANAGEMENT_PORT 0 unless given: several instances run at once, and 9464 is one port.
    env: {
      ...rest,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SHUTDOWN_DELAY: '0',
      MANAGEMENT_PORT: '0',
      ...env,
      PORT: String(listenPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    port: listenPort,
    url: `http://127.0.0.1:${listenPort}`,
    output: () => Buffer.concat(chunks).toString('utf8'),
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Resolves once `path` answers 200; fails if the app exits or the time runs out. */
export async function waitUntil200(app: App, path = '/health/ready', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!app.alive()) throw new Error(`the app exited before ${path} answered 200:\n${app.output().slice(-2000)}`);
    if ((await get(`${app.url}${path}`, 1000)) === 200) return;
    if (Date.now() > deadline) throw new Error(`${path} did not answer 200 within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** SIGKILL if still running (afterAll). */
export async function kill(app: App | undefined): Promise<void> {
  if (!app || !app.alive()) return;
  app.process.kill('SIGKILL');
  await app.exited;
}

/** One GET on its own connection; the status, or 0 on a connection error or timeout. */
export function get(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One request through a (keep-alive) agent; rejects on a connection error or timeout. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/**
 * Steady load: `rate` requests per second through one keep-alive agent (so clients reuse pooled connections the way
 * a real upstream does), each counted as ok (2xx) or failed (any other status, connection error, timeout).
 */
export class SteadyLoad {
  ok = 0;
  failed = 0;
  readonly failures = new Map<string, number>();
  maxLatencyMs = 0;
  private timer?: NodeJS.Timeout;
  private inflight = new Set<Promise<void>>();
  private readonly agent: Agent;

  constructor(
    private readonly next: () => { url: string; method?: string; body?: string },
    private readonly rate: number,
    sockets = 32,
  ) {
    // Free sockets are closed before the server's keep-alive timeout (5 s on Express) would close them under us.
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, timeout: 3000 });
  }

  get total(): number {
    return this.ok + this.failed;
  }

  start(): void {
    const tickMs = 10;
    let due = 0;
    const started = Date.now();
    let sent = 0;
    this.timer = setInterval(() => {
      due = Math.floor(((Date.now() - started) * this.rate) / 1000);
      while (sent < due) {
        sent += 1;
        this.fire();
      }
    }, tickMs);
  }

  private fire(): void {
    const { url, method, body } = this.next();
    const started = Date.now();
    const promise = send(url, {
      method,
      body,
      agent: this.agent,
      headers: body ? { 'content-type': 'application/json' } : {},
      timeoutMs: 10_000,
    }).then(
      (reply) => {
        if (reply.status >= 200 && reply.status < 300) this.ok += 1;
        else this.fail(`HTTP ${reply.status} ${reply.text.slice(0, 60)}`);
      },
      (error: Error & { code?: string }) => this.fail(error.code ?? error.message),
    );
    const tracked = promise.finally(() => {
      this.maxLatencyMs = Math.max(this.maxLatencyMs, Date.now() - started);
      this.inflight.delete(tracked);
    });
    this.inflight.add(tracked);
  }

  private fail(reason: string): void {
    this.failed += 1;
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  /** Stops sending and waits for every request in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inflight]);
    this.agent.destroy();
  }

  summary(): string {
    return [...this.failures].map(([reason, count]) => `${reason} ×${count}`).join(', ') || 'none';
  }
}

/** 24000 → "24,000". */
export const count = (n: number) => n.toLocaleString('en-US');
