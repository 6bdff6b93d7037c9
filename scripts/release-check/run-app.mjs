import { spawn } from 'node:child_process';
import { join } from 'node:path';

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts one throwaway app, checks what a user relies on, sends SIGTERM, and expects a clean exit. */
export async function runAppChecks({ dir, entry, adapter }) {
  const child = spawn(process.execPath, [join(dir, entry)], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', HTTP_ADAPTER: adapter, PORT: '0', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within 20 s:\n${output}`)), 20_000);
      const poll = setInterval(() => {
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(match[1]);
        }
      }, 50);
      exited.then(({ code }) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
    });

    const ready = await fetch(`${url}/health/ready`);
    if (ready.status !== 200) throw new Error(`/health/ready answered ${ready.status}: ${await ready.text()}`);

    const boom = await fetch(`${url}/boom`, { headers: { 'x-request-id': 'release-check-1' } });
    const body = await boom.json();
    if (boom.status !== 404 || body.requestId !== 'release-check-1' || body.statusCode !== 404) {
      throw new Error(`error body was ${boom.status} ${JSON.stringify(body)}`);
    }
    if (boom.headers.get('x-request-id') !== 'release-check-1') throw new Error('x-request-id header not echoed');

    child.kill('SIGTERM');
    const result = await Promise.race([exited, wait(15_000).then(() => ({ code: 'timeout' }))]);
    if (result.code !== 0) throw new Error(`SIGTERM: exit ${result.code} ${result.signal ?? ''}\n${output}`);
    return `exit 0`;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
