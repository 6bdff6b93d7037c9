import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Joi from 'joi';
import {
  BallastConfigError,
  BallastConfigModule,
  BallastConfigService,
  defineNamespace,
  port,
  secret,
  url,
  type ConfigModuleOptions,
} from '../src/index.js';
import { loadConfig, type LoadInput } from '../src/loader/load-config.js';
import { resolveConfigOptions } from '../src/config.options.resolve.js';

function load(options: ConfigModuleOptions, namespaces: unknown[] = []) {
  const resolved = resolveConfigOptions({ ignoreEnvFile: true, ...options }, namespaces);
  return loadConfig(resolved as LoadInput);
}

function failure(run: () => unknown): BallastConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof BallastConfigError) return error;
    throw error;
  }
  throw new Error('expected a BallastConfigError');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ballast-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('validation report', () => {
  it('names all five invalid variables in one error, one line each, without their values', () => {
    const schema = Joi.object({
      PORT: port().required(),
      DATABASE_URL: url().required(),
      LOG_LEVEL: Joi.string().valid('info', 'debug'),
      WORKERS: Joi.number().integer().min(1),
      FEATURE_X: Joi.boolean(),
    });
    const error = failure(() =>
      load({ schema, env: { PORT: 'eighty', LOG_LEVEL: 'loud-9876', WORKERS: '0', FEATURE_X: 'maybe-4321' } }),
    );
    expect(error.code).toBe('BALLAST_CONFIG_VALIDATION_FAILED');
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      'PORT: must be a port number written with digits (0-65535)',
      'DATABASE_URL: is required',
      'LOG_LEVEL: must be one of [info, debug]',
      'WORKERS: must be greater than or equal to 1',
      'FEATURE_X: must be a boolean',
    ]);
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration (5 problems):',
      '- PORT: must be a port number written with digits (0-65535)',
      '- DATABASE_URL: is required',
      '- LOG_LEVEL: must be one of [info, debug]',
      '- WORKERS: must be greater than or equal to 1',
      '- FEATURE_X: must be a boolean',
      'Fix these variables in the environment or an .env file, then start again.',
    ]);
    for (const value of ['eighty', 'loud-9876', 'maybe-4321']) expect(error.message).not.toContain(value);
  });

  it('allows variables no schema declares; describe() says which values are defaults', () => {
    const loaded = load({
      schema: Joi.object({ A: Joi.string(), B: port().default(8080), C: Joi.string() }),
      env: { A: 'a', UNRELATED: 'x' },
    });
    expect(loaded.values).toEqual({ A: 'a', B: 8080, C: undefined });
    expect(loaded.entries).toEqual([
      { key: 'A', value: 'a', source: 'env', secret: false, namespaces: [] },
      { key: 'B', value: '8080', source: 'default', secret: false, namespaces: [] },
      { key: 'C', value: undefined, source: undefined, secret: false, namespaces: [] },
    ]);
  });
});

describe('secrets never printed', () => {
  const CANARY = 'canary-Zq8-secret-value';

  it.each([
    ['a pattern error (Joi quotes the value)', Joi.object({ JWT_SECRET: Joi.string().pattern(/^[a-f0-9]{64}$/) })],
    ['a named pattern error', Joi.object({ API_TOKEN: Joi.string().pattern(/^tok_/, 'token') })],
    ['an inverted pattern', Joi.object({ DB_PASSWORD: Joi.string().pattern(/secret/, { invert: true }) })],
    ['a secret() marked variable', Joi.object({ SIGNING: secret(Joi.string().pattern(/^x$/)) })],
    [
      'a .meta({ secret: true }) variable whose message quotes the value',
      Joi.object({
        SIGNING: Joi.string()
          .min(99)
          .messages({ 'string.min': '{{#label}} "{{#value}}" too short' })
          .meta({ secret: true }),
      }),
    ],
    [
      'a custom validator that quotes the value',
      Joi.object({
        STRIPE_KEY: Joi.string().custom((value: string) => {
          throw new Error(`bad key ${value}`);
        }),
      }),
    ],
    [
      'a user message template with {{#value}}',
      Joi.object({
        MAIL_PASSWORD: Joi.string().min(99).messages({ 'string.min': '{{#label}} "{{#value}}" too short' }),
      }),
    ],
  ])('%s', (_title, schema) => {
    const key = Object.keys(schema.describe().keys!)[0]!;
    const error = failure(() => load({ schema, env: { [key]: CANARY } }));
    expect(error.problems.map((p) => p.key)).toEqual([key]);
    expect(error.message).not.toContain(CANARY);
    expect(JSON.stringify(error.problems)).not.toContain(CANARY);
  });

  it('the password of any URL with credentials, even under a non-secret name', () => {
    const schema = Joi.object({ DATABASE_URL: url({ scheme: ['mysql'] }), OTHER: Joi.number() });
    const error = failure(() =>
      load({ schema, env: { DATABASE_URL: `postgres://app:${CANARY}@db:5432/app`, OTHER: `x${CANARY}` } }),
    );
    expect(error.message).not.toContain(CANARY);
    const ok = load({
      schema: Joi.object({ DATABASE_URL: url() }),
      env: { DATABASE_URL: `postgres://app:${CANARY}@db/app` },
    });
    expect(ok.entries[0]).toMatchObject({ value: 'postgres://app:[REDACTED]@db/app', source: 'env' });
  });

  it('a namespace factory that throws with the value in its message', () => {
    const ns = defineNamespace('auth', { AUTH_TOKEN: Joi.string() }, (v) => {
      throw new Error(`cannot use ${v.AUTH_TOKEN}`);
    });
    const error = failure(() => load({ env: { AUTH_TOKEN: CANARY } }, [ns]));
    expect(error.problems[0]).toMatchObject({ key: 'auth', code: 'BALLAST_CONFIG_NAMESPACE_FACTORY_FAILED' });
    expect(error.message).toContain('the namespace factory threw: cannot use [REDACTED]');
    expect(error.message).not.toContain(CANARY);
  });

  it('describe(), the startup summary and typo warnings: secrets by name, by marker, by _FILE', async () => {
    const secretFile = join(dir, 'signing');
    writeFileSync(secretFile, `${CANARY}-file\n`);
    const lines: string[] = [];
    const capture = {
      log: (m: unknown) => lines.push(String(m)),
      warn: (m: unknown) => lines.push(String(m)),
      error: () => {},
    };
    @Module({
      imports: [
        BallastConfigModule.forRoot({
          schema: Joi.object({
            SESSION_SECRET: Joi.string(),
            GITHUB_TOKEN: Joi.string(),
            PRIVATE: secret(),
            SIGNING: Joi.string(),
            APP_PORT: port(),
          }),
          env: {
            SESSION_SECRET: `${CANARY}-1`,
            GITHUB_TOKEN: `${CANARY}-2`,
            PRIVATE: `${CANARY}-3`,
            SIGNING_FILE: secretFile,
            APP_PROT: CANARY,
            APP_PORT: '80',
          },
          ignoreEnvFile: true,
          logSummary: true,
          typoWarnings: { prefixes: ['APP_'] },
        }),
      ],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: capture as never });
    try {
      const service = app.get(BallastConfigService);
      const described = JSON.stringify(service.describe()) + service.describeLines().join('\n') + lines.join('\n');
      expect(described).not.toContain(CANARY);
      expect(service.describeLines()).toEqual([
        'SESSION_SECRET=[REDACTED] (env)',
        'GITHUB_TOKEN=[REDACTED] (env)',
        'PRIVATE=[REDACTED] (env)',
        'SIGNING=[REDACTED] (file: SIGNING_FILE)',
        'APP_PORT=80 (env)',
      ]);
      expect(service.warnings).toEqual(['APP_PROT is set but not declared in any schema; did you mean APP_PORT?']);
      expect(lines.join('\n')).toContain('APP_PROT is set but not declared in any schema; did you mean APP_PORT?');
      expect(lines.join('\n')).toContain('SIGNING=[REDACTED] (file: SIGNING_FILE)');
    } finally {
      await app.close();
      Logger.overrideLogger(false);
    }
  });
});

describe('one problem per cause', () => {
  it('a required variable missing because of a typo in its name is one problem naming the fix', () => {
    const schema = Joi.object({ APP_DATABASE_URL: url().required(), APP_PORT: port().required() });
    const error = failure(() =>
      load({
        schema,
        env: { APP_DATABSE_URL: 'postgres://app:canary-typo-5150@db/app' },
        typoWarnings: { prefixes: ['APP_'] },
      }),
    );
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      'APP_DATABASE_URL: is required; APP_DATABSE_URL is set but not declared: rename it to APP_DATABASE_URL',
      'APP_PORT: is required',
    ]);
    expect(error.message).not.toContain('canary-typo');
  });
});

describe('NAME_FILE secrets', () => {
  const schema = Joi.object({ DB_PASSWORD: Joi.string().required(), API_KEY: Joi.string() });

  it('reads the value from the file (trailing newline dropped)', () => {
    writeFileSync(join(dir, 'pw'), 'from-file\n');
    const loaded = load({ schema, env: { DB_PASSWORD_FILE: join(dir, 'pw') } });
    expect(loaded.values.DB_PASSWORD).toBe('from-file');
    expect(loaded.entries.find((e) => e.key === 'DB_PASSWORD')).toMatchObject({
      value: '[REDACTED]',
      source: 'file',
      from: 'DB_PASSWORD_FILE',
    });
  });

  it('both NAME and NAME_FILE set is an error', () => {
    writeFileSync(join(dir, 'pw'), 'x');
    const error = failure(() => load({ schema, env: { DB_PASSWORD: 'y', DB_PASSWORD_FILE: join(dir, 'pw') } }));
    expect(error.problems).toEqual([
      {
        key: 'DB_PASSWORD',
        message:
          'both DB_PASSWORD (from the process environment) and DB_PASSWORD_FILE (from the process environment) ' +
          'are set; set only one of them',
        code: 'BALLAST_CONFIG_FILE_CONFLICT',
      },
    ]);
  });

  it('the conflict says where each side came from: an .env file, the process environment, the values option', () => {
    writeFileSync(join(dir, '.env.local'), 'DB_PASSWORD=canary-conflict-4711\n');
    writeFileSync(join(dir, '.env'), `API_KEY_FILE=${join(dir, 'pw')}\n`);
    const error = failure(() =>
      load({
        schema,
        envDir: dir,
        ignoreEnvFile: false,
        env: { DB_PASSWORD_FILE: join(dir, 'pw') },
        values: { API_KEY: 'canary-provided-4712' },
      }),
    );
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      'DB_PASSWORD: both DB_PASSWORD (from .env.local) and DB_PASSWORD_FILE (from the process environment) are set; ' +
        'set only one of them',
      'API_KEY: both API_KEY (from the values option) and API_KEY_FILE (from .env) are set; set only one of them',
    ]);
    expect(error.message).not.toContain('canary-');
  });

  it('an unreadable file is one problem naming the variable and the path, never the content', () => {
    const error = failure(() => load({ schema, env: { DB_PASSWORD_FILE: join(dir, 'missing'), API_KEY_FILE: dir } }));
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      `DB_PASSWORD_FILE: cannot read ${join(dir, 'missing')}, the file it names (ENOENT; set in the process ` +
        'environment); mount the file or unset DB_PASSWORD_FILE',
      `API_KEY_FILE: cannot read ${dir}, the file it names (EISDIR; set in the process environment); mount the file ` +
        'or unset API_KEY_FILE',
      // not also "DB_PASSWORD: is required": the unreadable file is the one cause
    ]);
  });

  it('one problem per cause in a namespace too: an unreadable file is not also "is required" there', () => {
    const ns = defineNamespace('db', { DB_PASSWORD: Joi.string().required() }, (v) => v);
    const error = failure(() => load({ schema, env: { DB_PASSWORD_FILE: join(dir, 'missing') } }, [ns]));
    expect(error.problems.map((p) => p.key)).toEqual(['DB_PASSWORD_FILE']);
  });
});

describe('.env files', () => {
  const schema = Joi.object({ A: Joi.string(), B: Joi.string(), C: Joi.string(), D: Joi.string(), E: Joi.string() });
  const write = (name: string, content: string) => writeFileSync(join(dir, name), content);

  it('precedence: real env > .env.${NODE_ENV}.local > .env.${NODE_ENV} > .env.local > .env', () => {
    write('.env', 'A=env\nB=env\nC=env\nD=env\nE=env\n');
    write('.env.local', 'A=local\nB=local\nC=local\nD=local\n');
    write('.env.production', 'A=production\nB=production\nC=production\n');
    write('.env.production.local', 'A=production.local\nB=production.local\n');
    const loaded = load({ schema, envDir: dir, ignoreEnvFile: false, env: { NODE_ENV: 'production', A: 'real' } });
    expect(loaded.values).toEqual({ A: 'real', B: 'production.local', C: 'production', D: 'local', E: 'env' });
    expect(loaded.entries.map((e) => `${e.key}:${e.source}:${e.from ?? ''}`)).toEqual([
      'A:env:',
      'B:file:.env.production.local',
      'C:file:.env.production',
      'D:file:.env.local',
      'E:file:.env',
    ]);
  });

  it('without NODE_ENV only .env.local and .env are read; envFilePath replaces the cascade', () => {
    write('.env', 'A=env\n');
    write('.env.local', 'B=local\n');
    write('.env.test', 'C=test\n');
    write('custom.env', 'D=custom\n');
    expect(load({ schema, envDir: dir, ignoreEnvFile: false, env: {} }).values).toEqual({
      A: 'env',
      B: 'local',
      C: undefined,
      D: undefined,
      E: undefined,
    });
    expect(load({ schema, envDir: dir, ignoreEnvFile: false, envFilePath: 'custom.env', env: {} }).values.D).toBe(
      'custom',
    );
  });

  it('expandVariables expands ${VAR} from files and the real environment', () => {
    // dotenv-expand semantics: a reference sees the real environment and the variables defined before it
    write('.env', 'B=5432\nA=${HOST_FROM_ENV}:${B}\n');
    const options = { schema, envDir: dir, ignoreEnvFile: false, env: { HOST_FROM_ENV: 'db' } };
    expect(load(options).values.A).toBe('${HOST_FROM_ENV}:${B}');
    expect(load({ ...options, expandVariables: true }).values.A).toBe('db:5432');
  });

  it('copies .env values into process.env without overriding it (default env only)', async () => {
    write('.env', 'BALLAST_TEST_FROM_FILE=file\nBALLAST_TEST_ALREADY=file\n');
    process.env.BALLAST_TEST_ALREADY = 'real';
    @Module({ imports: [BallastConfigModule.forRoot({ envDir: dir })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      expect(process.env.BALLAST_TEST_FROM_FILE).toBe('file');
      expect(process.env.BALLAST_TEST_ALREADY).toBe('real');
    } finally {
      await app.close();
      delete process.env.BALLAST_TEST_FROM_FILE;
      delete process.env.BALLAST_TEST_ALREADY;
    }
  });
});
