import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Joi from 'joi';
import { BallastConfigError, BallastConfigModule, bootstrapWithConfig, port } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures/bad-env-app.mjs');
const dist = join(here, '../dist/index.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  timing?: { cpuMs: number; uptimeMs: number };
}

function runFixture(env: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'ballast-config-fixture-'));
  const timingFile = join(dir, 'timing.json');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // A clean environment: only PATH, and NODE_OPTIONS emptied (Jest's --experimental-vm-modules is not for the app).
    const child = spawn(process.execPath, [fixture], {
      cwd: dirname(fixture),
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', FIXTURE_TIMING_FILE: timingFile, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const timing = existsSync(timingFile) ? JSON.parse(readFileSync(timingFile, 'utf8')) : undefined;
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, wallMs: Date.now() - started, timing });
    });
  });
}

describe('an app started through bootstrapWithConfig (built dist, real process)', () => {
  beforeAll(() => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm --filter @ballast/config build\` first.`);
  });

  it('exits with code 1, names all five invalid variables, prints no secret value and no stack trace', async () => {
    const canaries = ['CanaryDbPass1', 'CanaryJwt-short', 'CanaryToken!!'];
    const run = await runFixture({
      PORT: '80abc',
      DATABASE_URL: `mysql://app:${canaries[0]}@db/app`,
      JWT_SECRET: canaries[1]!,
      API_TOKEN: canaries[2]!,
      REQUEST_TIMEOUT: 'soon',
    });
    console.info(
      `bad-env fixture: exit ${run.code}, ${run.wallMs} ms wall from spawn; own time ${run.timing?.uptimeMs} ms, CPU ${run.timing?.cpuMs} ms`,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'API_TOKEN', 'REQUEST_TIMEOUT']) {
      expect(run.stderr).toMatch(new RegExp(`^- ${name}: `, 'm'));
    }
    expect(run.stderr).toMatch(/^Invalid configuration \(5 problems\):/);
    for (const canary of canaries) expect(run.stdout + run.stderr).not.toContain(canary);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack frame
    expect(run.stderr).not.toContain('ExceptionHandler'); // Nest's own error log never ran
    // Generous on purpose (loaded CI machines); the measured figure is printed above.
    expect(run.wallMs).toBeLessThan(5_000);
  });

  it('starts normally with a valid environment (the fixture itself is sound)', async () => {
    const run = await runFixture({
      DATABASE_URL: 'postgres://app:pw@db/app',
      JWT_SECRET: '0123456789abcdef0123456789abcdef',
      API_TOKEN: 'tok_abc123',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('listening\n');
    expect(run.code).toBe(0);
  });
});

describe('bootstrapWithConfig (in process)', () => {
  const schema = Joi.object({ PORT: port().required() });

  it('reports a configuration error found while Nest builds the app, once', async () => {
    const written: string[] = [];
    const exits: number[] = [];
    @Module({ imports: [BallastConfigModule.forRoot({ schema, env: { PORT: 'x' }, ignoreEnvFile: true })] })
    class AppModule {}
    const result = await bootstrapWithConfig(
      () =>
        NestFactory.createApplicationContext(AppModule, {
          abortOnError: false,
          logger: false,
        }),
      { stderr: { write: (t: string) => written.push(t) }, exit: (code) => exits.push(code) },
    );
    expect(result).toBeUndefined();
    expect(exits).toEqual([1]);
    expect(written).toEqual([
      'Invalid configuration (1 problem):\n- PORT: must be a port number written with digits (0-65535)\n' +
        'Fix these variables in the environment or an .env file, then start again.\n',
    ]);
  });

  it('reports a BallastConfigError thrown by the main function itself; rethrows any other error', async () => {
    const written: string[] = [];
    const exits: number[] = [];
    const io = { stderr: { write: (t: string) => written.push(t) }, exit: (code: number) => exits.push(code) };
    await bootstrapWithConfig(() => {
      throw new BallastConfigError('BALLAST_CONFIG_VALIDATION_FAILED', 'Invalid configuration (0 problems):', []);
    }, io);
    expect(exits).toEqual([1]);
    await expect(
      bootstrapWithConfig(() => {
        throw new Error('database down');
      }, io),
    ).rejects.toThrow('database down');
    expect(exits).toEqual([1]);
  });

  it('returns what the main function returns', async () => {
    await expect(bootstrapWithConfig(async () => 42)).resolves.toBe(42);
  });
});
