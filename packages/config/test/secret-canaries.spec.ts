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
  secret,
} from '../src/index.js';

// Secret canaries through every path of @ballast/config: the environment, an .env file, a NAME_FILE mounted secret,
// `values`, namespaces, secret names (PGPASSWORD, MYSQL_PWD, *_PASS, *_DSN, *_CREDENTIALS), schema-built messages
// (.messages(), .error(fn), custom() that quote the value, after trim/lower/upper transforms), valid() lists, URLs
// (a password holding '@', secret query and fragment parameters) and a namespace factory that quotes a value. Every
// output is searched, case-insensitively: thrown messages and `problems`, describe(), describeLines(), the
// logSummary lines and everything written to stdout/stderr meanwhile. (test/resilience/secret-canaries covers the
// example app's HTTP inputs; this suite covers the configuration loader.)

const tag = Math.random().toString(36).slice(2, 10);
const canaries: string[] = [];
const canary = (what: string) => {
  const value = `CnRy${canaries.length}X${what}X${tag}`;
  canaries.push(value);
  return value;
};
const leaks = (output: string) => canaries.filter((c) => output.toLowerCase().includes(c.toLowerCase()));

let dir: string;
let written: string[];
const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ballast-canary-'));
  written = [];
  const capture = ((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
});
afterEach(() => {
  process.stdout.write = originals.stdout;
  process.stderr.write = originals.stderr;
  rmSync(dir, { recursive: true, force: true });
  Logger.overrideLogger(false);
});

async function boot(options: Parameters<typeof BallastConfigModule.forRoot>[0], namespaces: unknown[] = []) {
  @Module({ imports: [BallastConfigModule.forRoot({ ...options, namespaces: namespaces as never })] })
  class AppModule {}
  // Nest's log lines go to `written` too, next to whatever reaches stdout/stderr directly.
  const line =
    (level: string) =>
    (...args: unknown[]) =>
      written.push(`${level} ${args.map(String).join(' ')}`);
  const logger = {
    log: line('log'),
    error: line('error'),
    warn: line('warn'),
    debug: line('debug'),
    verbose: line('verbose'),
    fatal: line('fatal'),
  };
  return NestFactory.createApplicationContext(AppModule, { abortOnError: false, logger });
}

async function thrown(run: () => Promise<unknown>): Promise<BallastConfigError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BallastConfigError) return error;
    throw error;
  }
  throw new Error('expected a BallastConfigError');
}

describe('secret canaries in @ballast/config', () => {
  it('a failing configuration: the report names every key and quotes no secret, in no form', async () => {
    const envFile = join(dir, '.env');
    writeFileSync(envFile, `API_KEY=${canary('envfile')}\nMYSQL_PWD=${canary('mysqlpwd')}\n`);
    writeFileSync(join(dir, 'signing'), `${canary('namefile')}\n`);
    const allowed = canary('allowed');
    const urlUser = canary('urluser');
    const [pwHead, pwTail, queryToken, fragmentToken] = [
      canary('pwhead'),
      canary('pwtail'),
      canary('qtoken'),
      canary('fragtoken'),
    ];
    const ns = defineNamespace(
      'svc',
      { SVC_TOKEN: Joi.string().trim().lowercase().max(5).messages({ 'string.max': 'SVC_TOKEN {{#value}} too long' }) },
      (env) => env,
    );
    const schema = Joi.object({
      // .messages() quoting the value, after trim + lowercase
      DB_PASSWORD: secret(Joi.string().trim().lowercase().min(500)).messages({
        'string.min': 'DB_PASSWORD {{#value}} is too short',
      }),
      // .error(fn) building an Error from the value (an .env file)
      API_KEY: Joi.string()
        .valid('a', 'b')
        .error((errors) => new Error(`API_KEY got ${String(errors[0]!.value)}`)),
      // valid() on a secret: the allowed values are secret too
      MYSQL_PWD: Joi.string().valid(allowed),
      // custom() throwing with the upper-cased value (a NAME_FILE secret)
      SIGNING: Joi.string().custom((value: string) => {
        throw new Error(`bad signing ${value.toUpperCase()}`);
      }),
      // custom() with helpers.message quoting the value, under libpq's own name
      PGPASSWORD: Joi.string().custom((value: string, helpers) => helpers.message({ custom: `PG ${value}` })),
      SMTP_PASS: Joi.number(),
      SENTRY_DSN: Joi.string().custom((value: string) => {
        throw new Error(value);
      }),
      GCP_CREDENTIALS: Joi.string().pattern(/^\{/),
      PROVIDED_TOKEN: Joi.string().min(400),
      // a non-secret URL whose check quotes it: a password with '@', a token in the query and the fragment
      REDIS_URL: Joi.string().custom((value: string) => {
        throw new Error(`cannot reach ${value}`);
      }),
    });
    const error = await thrown(() =>
      boot(
        {
          schema,
          envFilePath: envFile,
          values: { PROVIDED_TOKEN: canary('provided') },
          env: {
            DB_PASSWORD: `  ${canary('trimmed')}  `,
            SIGNING_FILE: join(dir, 'signing'),
            PGPASSWORD: canary('pgpassword'),
            SMTP_PASS: canary('smtppass'),
            SENTRY_DSN: `https://${canary('dsnkey')}@o1.ingest.sentry.io/1`,
            GCP_CREDENTIALS: canary('gcp'),
            SVC_TOKEN: `  ${canary('nsvalue')}  `,
            REDIS_URL: `redis://${urlUser}:${pwHead}@${pwTail}@cache:6379/0?token=${queryToken}#access_token=${fragmentToken}`,
          },
        },
        [ns],
      ),
    );
    const output = [error.message, JSON.stringify(error.problems), ...written].join('\n');
    const found = leaks(output).filter((c) => c !== urlUser); // a URL's user name is not secret
    console.info(
      `secret-canaries (config, failing): ${found.length} of ${canaries.length} canaries found in ` +
        `${error.problems.length} problems`,
    );
    expect(found).toEqual([]);
    expect(error.problems.map((p) => p.key)).toEqual([
      'DB_PASSWORD',
      'API_KEY',
      'MYSQL_PWD',
      'SIGNING',
      'PGPASSWORD',
      'SMTP_PASS',
      'SENTRY_DSN',
      'GCP_CREDENTIALS',
      'PROVIDED_TOKEN',
      'REDIS_URL',
      'SVC_TOKEN',
    ]);
    const byKey = Object.fromEntries(error.problems.map((p) => [p.key, p.message]));
    expect(byKey.MYSQL_PWD).toBe('must be one of [[REDACTED]] (secret: values not shown)');
    expect(byKey.DB_PASSWORD).toBe('must be at least 500 characters long');
    expect(byKey.REDIS_URL).toBe(
      `failed custom validation because cannot reach redis://${urlUser}:[REDACTED]@cache:6379/0?token=[REDACTED]#access_token=[REDACTED]`,
    );
  });

  it('a booting app: describe(), describeLines(), logSummary and stdout/stderr hold no secret', async () => {
    writeFileSync(join(dir, '.env'), `MYSQL_PWD=${canary('envfile')}\n`);
    writeFileSync(join(dir, 'signing'), `${canary('namefile')}\n`);
    const ns = defineNamespace(
      'svc',
      { SVC_SECRET: secret(Joi.string().trim().uppercase()), SVC_URL: Joi.string() },
      (env) => env,
    );
    const app = await boot(
      {
        schema: Joi.object({
          PGPASSWORD: Joi.string(),
          MYSQL_PWD: Joi.string(),
          SIGNING: Joi.string(),
          SMTP_PASS: Joi.string(),
          SENTRY_DSN: Joi.string(),
          GCP_CREDENTIALS: Joi.string(),
          DATABASE_URL: Joi.string().lowercase(),
        }),
        envFilePath: join(dir, '.env'),
        logSummary: true,
        env: {
          PGPASSWORD: canary('pgpassword'),
          SIGNING_FILE: join(dir, 'signing'),
          SMTP_PASS: canary('smtppass'),
          SENTRY_DSN: `https://${canary('dsnkey')}@o1.ingest.sentry.io/1`,
          GCP_CREDENTIALS: canary('gcp'),
          DATABASE_URL: `postgres://app:${canary('pwhead')}@${canary('pwtail')}@db/app?sslmode=require&password=${canary('qpassword')}`,
          SVC_SECRET: `  ${canary('nsvalue')}  `,
          SVC_URL: `https://api.example.com/v1?api_key=${canary('apikey')}&sig=${canary('sig')}`,
        },
      },
      [ns],
    );
    try {
      const service = app.get(BallastConfigService);
      const output = [JSON.stringify(service.describe()), ...service.describeLines(), ...written].join('\n');
      const found = leaks(output);
      console.info(`secret-canaries (config, booting): ${found.length} of ${canaries.length} canaries found`);
      expect(found).toEqual([]);
      expect(written.join('')).toContain('Effective configuration:');
      expect(service.describeLines()).toEqual(
        expect.arrayContaining([
          'PGPASSWORD=[REDACTED] (env)',
          'MYSQL_PWD=[REDACTED] (file: .env)',
          'SMTP_PASS=[REDACTED] (env)',
          'SENTRY_DSN=[REDACTED] (env)',
          'GCP_CREDENTIALS=[REDACTED] (env)',
          'DATABASE_URL=postgres://app:[REDACTED]@db/app?sslmode=require&password=[REDACTED] (env)',
          'SVC_URL=https://api.example.com/v1?api_key=[REDACTED]&sig=[REDACTED] (env)',
        ]),
      );
    } finally {
      await app.close();
    }
  });

  it('a namespace factory that quotes a transformed secret', async () => {
    const ns = defineNamespace('svc', { SVC_SECRET: secret(Joi.string().trim().uppercase()) }, (env) => {
      throw new Error(`cannot use ${env.SVC_SECRET}`);
    });
    const error = await thrown(() =>
      boot({ ignoreEnvFile: true, env: { SVC_SECRET: ` ${canary('factory')} ` } }, [ns]),
    );
    expect(leaks([error.message, JSON.stringify(error.problems), ...written].join('\n'))).toEqual([]);
    expect(error.message).toContain('the namespace factory threw: cannot use [REDACTED]');
  });

  it('NAME_FILE conflicts and unreadable files: provenance and paths, never a value or a file content', async () => {
    const envFile = join(dir, '.env.local');
    writeFileSync(join(dir, 'token'), `${canary('filecontent')}\n`);
    writeFileSync(envFile, `APP_TOKEN=${canary('conflictfile')}\n`);
    const schema = Joi.object({
      APP_TOKEN: Joi.string().required(),
      // a name that is not secret by itself: only its NAME_FILE makes it so
      SIGNING: Joi.string().min(400).required(),
      LICENSE: Joi.string().required(),
    });
    const error = await thrown(() =>
      boot({
        schema,
        envFilePath: envFile,
        env: {
          APP_TOKEN_FILE: join(dir, 'token'),
          SIGNING: canary('plainsigning'),
          SIGNING_FILE: join(dir, 'token'),
          LICENSE_FILE: join(dir, 'missing'),
        },
      }),
    );
    expect(leaks([error.message, JSON.stringify(error.problems), ...written].join('\n'))).toEqual([]);
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      'APP_TOKEN: both APP_TOKEN (from .env.local) and APP_TOKEN_FILE (from the process environment) are set; ' +
        'set only one of them',
      'SIGNING: both SIGNING (from the process environment) and SIGNING_FILE (from the process environment) are ' +
        'set; set only one of them',
      `LICENSE_FILE: cannot read ${join(dir, 'missing')}, the file it names (ENOENT; set in the process ` +
        'environment); mount the file or unset LICENSE_FILE',
    ]);
  });
});
