import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adapters, freePort, httpRequest, sleep } from '@ballast/test-support';

// The built app in its own process, as `npm start` and a container run it: exit codes and real signals.
// Needs the packages' dist (`pnpm build`; `npm test` and CI build first); compiles the example itself.
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainJs = join(appDir, 'dist', 'main.js');

/** The example's environment for a child: no service URLs inherited from CI unless given. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, REDIS_URL: _r, NODE_OPTIONS: _n, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'development', LOG_LEVEL: 'info', MANAGEMENT_PORT: '0', ...env };
}

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [mainJs], { cwd: appDir, env: childEnv(env), stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

describe('the built example in its own process', () => {
  const children: Child[] = [];
  beforeAll(() => {
    const tsc = join(appDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    // Type errors in a package being rebuilt would not stop the emit; what matters is that main.js is there.
    spawnSync(process.execPath, [tsc, '-p', join(appDir, 'tsconfig.build.json')], { stdio: 'ignore' });
    if (!existsSync(mainJs)) throw new Error(`${mainJs} was not built`);
  }, 180_000);
  afterAll(() => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  });

  it('exits with code 1 on a bad environment, naming every variable and no secret value', async () => {
    const child = run({
      PORT: 'eighty',
      HTTP_ADAPTER: 'koa',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://admin:hunter2-canary@db/app',
      SHUTDOWN_TIMEOUT: 'soon',
    });
    children.push(child);
    expect(await child.exited).toBe(1);
    for (const name of ['PORT', 'HTTP_ADAPTER', 'LOG_LEVEL', 'DATABASE_URL', 'SHUTDOWN_TIMEOUT']) {
      expect(child.output()).toContain(name);
    }
    expect(child.output()).not.toContain('hunter2-canary');
    expect(child.output()).not.toMatch(/\n\s+at /); // a report, not a stack trace
  }, 60_000);

  it.each(adapters)(
    'on $name, SIGTERM turns readiness off at once, keeps serving for SHUTDOWN_DELAY, then exits 0',
    async ({ name }) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = run({ PORT: String(port), HTTP_ADAPTER: name, SHUTDOWN_DELAY: '3s' });
      children.push(child);
      await waitFor(() => child.output().includes('listening on'), 60_000);
      expect((await httpRequest(`${url}/health/ready`)).status).toBe(200);

      child.process.kill('SIGTERM');
      await waitFor(() => child.output().includes('Shutdown started'), 5_000);
      const ready = await httpRequest(`${url}/health/ready`);
      const live = await httpRequest(`${url}/health/live`);
      const served = await httpRequest(`${url}/`);
      expect(ready.status).toBe(503); // the load balancer stops sending traffic...
      expect(live.status).toBe(200); // ...Kubernetes does not restart the pod...
      expect(served.status).toBe(200); // ...and requests still routed here are answered,
      expect(served.headers.connection).toBe('close'); // on connections that will not be reused.

      expect(await child.exited).toBe(0);
      expect(child.output()).toMatch(/Shutdown complete in \d+ ms; exiting with code 0/);
    },
    90_000,
  );
});
