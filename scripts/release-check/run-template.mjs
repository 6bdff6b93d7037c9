// One Nest CLI template through release:check: generate it with the pinned CLI, add ballast, install with the docs'
// npm command (tarballs in place of the @ballast/* names), run the template's own test commands, then build it with
// its own `build` script and run `start:prod` for a boot / 404 / SIGTERM round trip.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installArgs, nameOf } from './install-commands.mjs';
import { freePort, run, summaryLines } from './process.mjs';
import { addBallast, REQUEST_ID } from './templates.mjs';

const NPM_QUIET = ['--no-audit', '--no-fund'];
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failed step: its message is what release:check prints. */
export class StepError extends Error {}
const fail = (what, result) => {
  throw new StepError(`${what}: exit ${result.code} after ${result.seconds.toFixed(1)} s\n${tail(result.output, 80)}`);
};
const tail = (text, lines) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** `npx -y @nestjs/cli@<exact> new <name> …` in `work`, without git and without installing. */
export async function generate(template, work, env) {
  const args = ['-y', `@nestjs/cli@${template.cli}`, 'new', template.name, '--package-manager', 'npm', '--skip-git'];
  args.push('--skip-install', ...template.args);
  if (template.generation !== '11') args.push('--skip-skills'); // agent files only; the CLI would fetch them
  const result = await run('npx', args, { cwd: work, env });
  if (result.code !== 0) fail(`npx ${args.join(' ')}`, result);
  return { command: `npx ${args.join(' ')}`, seconds: result.seconds };
}

/**
 * The docs' npm command for the template's generation, tarballs substituted, and `swap`'s packages replaced (the Zod
 * app installs `zod@4` in place of `joi@18`, as step 3 of the guide says); fails on ERESOLVE or any error, and when a
 * swapped-out package got installed anyway (a peer ballast would then still need).
 */
export async function installDocsCommand(dir, generation, tarballOf, env, swap = {}) {
  const specs = installArgs(generation, tarballOf).map((spec) => swap[nameOf(spec)] ?? spec);
  const args = ['install', ...specs, ...NPM_QUIET];
  const result = await run('npm', args, { cwd: dir, env });
  if (result.code !== 0 || /ERESOLVE/.test(result.output)) fail(`npm ${args.join(' ')}`, result);
  const pulledIn = Object.keys(swap).filter((name) => existsSync(join(dir, 'node_modules', name)));
  if (pulledIn.length > 0) fail(`npm ${args.join(' ')}: ${pulledIn.join(', ')} installed although left out`, result);
  return { command: `npm ${args.join(' ')}`, seconds: result.seconds };
}

/** `npm test` and `npm run test:e2e` exactly as generated; each with its summary lines. */
export async function ownTests(dir, env) {
  const results = [];
  for (const args of [['test'], ['run', 'test:e2e']]) {
    const result = await run('npm', args, { cwd: dir, env: { ...env, CI: 'true' } });
    const summary = summaryLines(result.output);
    results.push({ command: `npm ${args.join(' ')}`, code: result.code, seconds: result.seconds, summary });
    if (result.code !== 0) fail(`npm ${args.join(' ')} (${summary.join(' | ') || 'no summary'})`, result);
  }
  return results;
}

/**
 * `npm run build`, then the command of the template's `start:prod` run directly with node (so that SIGTERM reaches the
 * app, as in a container): / and /health/ready answer, a 404 carries the request id, exactly one request line has
 * it, and SIGTERM ends the process with 0 (ballast owns the signal; Nest's own hooks would re-raise it: 143).
 */
export async function prodRoundTrip(dir, env, nodeBin, appEnv = {}) {
  const build = await run('npm', ['run', 'build'], { cwd: dir, env });
  if (build.code !== 0) fail('npm run build', build);
  const startProd = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts['start:prod'];
  const [command, ...args] = startProd.split(/\s+/);
  if (command !== 'node') throw new StepError(`start:prod is "${startProd}", expected "node …"`);
  const port = await freePort();
  const child = spawn(nodeBin, args, {
    cwd: dir,
    env: { ...env, NODE_ENV: 'production', PORT: String(port), SHUTDOWN_DELAY: '0s', ...appEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const problem = (message) => new StepError(`${startProd}: ${message}\n${tail(output, 60)}`);
  try {
    let ready;
    for (const started = Date.now(); Date.now() - started < 30_000; await wait(100)) {
      if (child.exitCode !== null) throw problem(`exited with ${child.exitCode} before answering`);
      ready = await fetch(`${url}/health/ready`).catch(() => undefined);
      if (ready?.status === 200) break;
    }
    if (ready?.status !== 200) throw problem(`/health/ready never answered 200 (last: ${ready?.status})`);
    const hello = await fetch(url);
    if (hello.status !== 200 || (await hello.text()) !== 'Hello World!') throw problem(`/ answered ${hello.status}`);
    const missing = await fetch(`${url}/no-such-route`, { headers: { 'x-request-id': REQUEST_ID } });
    const body = await missing.json();
    if (missing.status !== 404 || body.requestId !== REQUEST_ID || missing.headers.get('x-request-id') !== REQUEST_ID) {
      throw problem(
        `404 was ${missing.status} ${JSON.stringify(body)} x-request-id=${missing.headers.get('x-request-id')}`,
      );
    }
    child.kill('SIGTERM');
    const result = await Promise.race([exited, wait(20_000).then(() => ({ code: 'timeout' }))]);
    if (result.code !== 0) throw problem(`SIGTERM: exit ${result.code} ${result.signal ?? ''}`);
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          return JSON.parse(line);
        } catch {
          return {};
        }
      });
    // The logger's one line per request (it has durationMs); the filter's "Request rejected" line is another matter.
    const requestLines = lines.filter((l) => l.requestId === REQUEST_ID && 'durationMs' in l);
    if (requestLines.length !== 1) throw problem(`${requestLines.length} request lines with ${REQUEST_ID}, expected 1`);
    // One owner of the signals: @ballast/shutdown warns when Nest's enableShutdownHooks() handles them too.
    if (/enableShutdownHooks\(\) was called/.test(output)) throw problem('Nest handles the signals too');
    return {
      seconds: build.seconds,
      detail: `built, 200 ready, 404 with id, 1 request line, signals owned by ballast alone, SIGTERM exit 0`,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** The whole template: the steps above in order, each reported through `step` (see release-check.mjs). */
export async function runTemplate(template, { work, tarballOf, env, nodeBin, cliEnv, step }) {
  const dir = join(work, template.name);
  const generated = await step(`${template.name}: generate`, async () => {
    const { command } = await generate(template, work, cliEnv);
    addBallast(dir, template.schema);
    const cliNode = (await run('node', ['--version'], { env: cliEnv })).output.trim();
    const appNode = (await run('node', ['--version'], { env })).output.trim();
    return {
      lines: [
        `${command} (CLI on Node ${cliNode}; install and tests on Node ${appNode})`,
        `added: src/config/env.schema.ts (${template.schema ?? 'joi'}), ballast in src/app.module.ts and src/main.ts, ` +
          'test/ballast.e2e-spec.ts',
      ],
    };
  });
  if (!generated) return;
  const installed = await step(`${template.name}: the docs' NestJS ${template.generation} npm command`, async () => {
    const { command } = await installDocsCommand(dir, template.generation, tarballOf, env, template.swap);
    return { lines: [command.replaceAll(`${dirname(Object.values(tarballOf)[0])}/`, '<tarballs>/')] };
  });
  if (!installed) return;
  await step(`${template.name}: the template's own test commands`, async () => {
    const results = await ownTests(dir, env);
    return {
      lines: results.flatMap((r) => [
        `${r.command} (exit ${r.code}, ${r.seconds.toFixed(1)} s)`,
        ...r.summary.map((l) => `  ${l}`),
      ]),
    };
  });
  await step(`${template.name}: npm run build, start:prod, 404 with id, SIGTERM`, () =>
    prodRoundTrip(dir, env, nodeBin, template.env),
  );
}
