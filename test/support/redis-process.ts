import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { sleep } from './timing.js';

const READY_TIMEOUT_MS = 10_000;

/** Spawns `redis-server <args>` and resolves once `redis-cli -p <port> PING` answers PONG (bounded, clear errors). */
export async function spawnRedis(args: string[], port: number, cwd?: string): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: 'ignore', cwd });
  let spawnError: (Error & { code?: string }) | undefined;
  child.once('error', (error) => (spawnError = error));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) {
      throw spawnError.code === 'ENOENT'
        ? new Error('redis-server is not installed (not on PATH); install Redis to run this test')
        : spawnError;
    }
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
    if ((await redisCli(port, ['PING']).catch(() => '')) === 'PONG') return child;
    await sleep(50);
  }
  await killChild(child);
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS / 1000} s`);
}

/** One command through redis-cli (raw output, trimmed). */
export function redisCli(port: number, args: string[], timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: timeoutMs }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    );
  });
}

/** SIGKILL and wait for exit; safe when already dead. */
export async function killChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Polls `check` every 100 ms until true, or throws `message` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${message} (waited ${timeoutMs} ms)`);
}
