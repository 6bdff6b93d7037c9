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
const fixtures = {
  bootstrapWithConfig: join(here, 'fixtures/bad-env-app.mjs'),
  earlyCheck: join(here, 'fixtures/early-check-app.mjs'),
  checkEnv: join(here, 'fixtures/check-env-app.mjs'),
};
const dist = join(here, '../dist/index.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  timing?: { cpuMs: number; uptimeMs: number };
}

function runFixture(fixture: string, env: Record<string, string>): Promise<Run> {
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

const canaries = ['CanaryDbPass1', 'CanaryJwt-short', 'CanaryToken!!'];
const fiveInvalid = {
  PORT: '80abc',
  DATABASE_URL: `mysql://app:${canaries[0]}@db/app`,
  JWT_SECRET: canaries[1]!,
  API_TOKEN: canaries[2]!,
  REQUEST_TIMEOUT: 'soon',
};
const valid = {
  DATABASE_URL: 'postgres://app:pw@db/app',
  JWT_SECRET: '0123456789abcdef0123456789abcdef',
  API_TOKEN: 'tok_abc123',
};

describe.each([
  { name: 'bootstrapWithConfig', fixture: fixtures.bootstrapWithConfig },
  { name: 'bootstrapWithConfig with config (checked before Nest loads)', fixture: fixtures.earlyCheck },
  { name: 'checkEnv at the top of main (deprecated)', fixture: fixtures.checkEnv },
])('an app started with $name (built dist, real process)', ({ name, fixture }) => {
  beforeAll(() => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm --filter @ballast/config build\` first.`);
  });

  it('exits with code 1, names all five invalid variables, prints no secret value and no stack trace', async () => {
    const run = await runFixture(fixture, fiveInvalid);
    console.info(
      `${name}: exit ${run.code}, ${run.wallMs} ms wall from spawn; the process's own time ${run.timing?.uptimeMs} ms, CPU ${run.timing?.cpuMs} ms`,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    for (const variable of Object.keys(fiveInvalid)) {
      expect(run.stderr).toMatch(new RegExp(`^- ${variable}: `, 'm'));
    }
    expect(run.stderr).toMatch(/^Invalid configuration \(5 problems\):/);
    for (const canary of canaries) expect(run.stdout + run.stderr).not.toContain(canary);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack frame
    expect(run.stderr).not.toContain('ExceptionHandler'); // Nest's own error log never ran
    // Generous on purpose (loaded CI machines); the measured figures are printed above.
    expect(run.wallMs).toBeLessThan(5_000);
  });

  it('starts normally with a valid environment (the fixture itself is sound)', async () => {
    const run = await runFixture(fixture, valid);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('listening\n');
    expect(run.code).toBe(0);
  });
});

it('@ballast/config/env loads no NestJS module', async () => {
  const probe = `require('@ballast/config/env'); process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes('@nestjs')).length))`;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', probe], {
      cwd: here,
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`probe exited with ${code}`))));
  });
  expect(output).toBe('0');
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

  it('with `config`, checks the environment before main runs: main never runs when it is invalid', async () => {
    const written: string[] = [];
    const exits: number[] = [];
    let ran = false;
    const result = await bootstrapWithConfig(
      () => {
        ran = true;
      },
      {
        config: { schema, env: { PORT: '70000' }, ignoreEnvFile: true },
        stderr: { write: (t: string) => written.push(t) },
        exit: (code) => exits.push(code),
      },
    );
    expect(result).toBeUndefined();
    expect(ran).toBe(false);
    expect(exits).toEqual([1]);
    expect(written.join('')).toMatch(/^Invalid configuration \(1 problem\):\n- PORT: /);
  });

  it('with `config`, hands main the validated environment', async () => {
    const seen = await bootstrapWithConfig((env) => env?.values, {
      config: { schema, env: { PORT: '8080' }, ignoreEnvFile: true },
    });
    expect(seen).toEqual({ PORT: 8080 });
  });

  it('returns what the main function returns', async () => {
    await expect(bootstrapWithConfig(async () => 42)).resolves.toBe(42);
  });
});
