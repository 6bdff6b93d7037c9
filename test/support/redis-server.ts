import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { freePort } from './ports.js';
import { sleep } from './timing.js';

const READY_TIMEOUT_MS = 10_000;

/**
 * A throwaway redis-server owned by one test file (no persistence, loopback only), so a test can freeze (SIGSTOP),
 * crash (SIGKILL), stop and restart it without touching the shared Redis. The port is fixed on the first `start()`
 * (the given one, or a free one) and kept across restarts. Always `stop()` it in afterAll.
 */
export class RedisServer {
  private child?: ChildProcess;
  private chosenPort?: number;

  constructor(port?: number) {
    this.chosenPort = port;
  }

  get port(): number {
    if (this.chosenPort === undefined) throw new Error('RedisServer: call start() before reading port or url');
    return this.chosenPort;
  }

  get url(): `redis://${string}` {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, after stop/kill) and resolves once it answers PING; a no-op while it runs. */
  async start(): Promise<void> {
    if (this.running()) return;
    this.chosenPort ??= await freePort();
    const port = this.chosenPort;
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    let spawnError: (Error & { code?: string }) | undefined;
    child.once('error', (error) => (spawnError = error));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (spawnError) {
        this.child = undefined;
        throw spawnError.code === 'ENOENT'
          ? new Error('redis-server is not installed (not on PATH); install Redis to run this test')
          : spawnError;
      }
      if (child.exitCode !== null) {
        this.child = undefined;
        throw new Error(`redis-server on port ${port} exited with ${child.exitCode} before answering PING`);
      }
      if (await ping(port)) return;
      await sleep(50);
    }
    await this.kill();
    throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS / 1000} s`);
  }

  /** SIGSTOP: the server keeps its sockets open but answers nothing (a hang). */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after `freeze()`. */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** SIGKILL (a crash); safe when already dead or frozen. `start()` brings it back on the same port. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server for good or before a restart (no persistence, so a kill loses nothing). */
  stop(): Promise<void> {
    return this.kill();
  }

  private running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
}

/** PING over a fresh connection; true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
