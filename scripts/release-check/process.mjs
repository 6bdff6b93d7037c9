// Child processes for release:check: environments for a given Node binary, commands with captured output and a time
// limit, free ports.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { pathWith } from '../lib/node-binaries.mjs';

/**
 * The environment of the apps' commands: this one, with `bin`'s Node first on PATH (so `node`, `npm`, `npx` and
 * whatever they start run on it) and without what `pnpm run` adds for its own children (npm would read
 * npm_config_user_agent and friends as its own settings).
 */
export function envFor(bin, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) && !/^npm_config_(registry|cache|userconfig|globalconfig)$/i.test(key)) continue;
    if (key === 'NODE_OPTIONS' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, PATH: pathWith(bin, env), ...extra };
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

/**
 * Runs a command to its end; resolves `{ code, output, seconds }` (stdout and stderr interleaved, colours removed),
 * never rejects. `timeoutMs` kills the process group and reports code 'timeout'.
 */
export function run(command, args, { cwd, env, timeoutMs = 10 * 60_000 } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    const finish = (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 'timeout' : code, output: stripAnsi(output), seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (error) => {
      output += String(error);
      finish(-1);
    });
    child.on('close', (code) => finish(code));
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The lines of a test runner's output that summarise it (Jest: "Tests: …", vitest: "Tests  … (…)"). */
export function summaryLines(output) {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(Test Suites:|Tests:|Test Files\s|Tests\s)/.test(line));
}
