import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Joi from 'joi';
import { BallastConfigService, defineNamespace, secret } from '../src/index.js';
import { bootCapturing, canaryMaker, captureOutputs, thrown } from './fixtures/canary-harness.js';

// Secret canaries through every path of @ballast/config: the environment, an .env file, a NAME_FILE mounted secret,
// `values`, namespaces, secret names (PGPASSWORD, MYSQL_PWD, *_PASS, *_DSN, *_CREDENTIALS), schema-built messages
// (.messages(), .error(fn), custom() that quote the value, after trim/lower/upper transforms), valid() lists, URLs
// (a password holding '@', secret query and fragment parameters) and a namespace factory that quotes a value. Every
// output is searched, case-insensitively: thrown messages and `problems`, describe(), describeLines(), the
// logSummary lines and everything written to stdout/stderr meanwhile. (test/resilience/secret-canaries covers the
// example app's HTTP inputs; this suite covers the configuration loader.)

const { canary, canaries, leaks } = canaryMaker();

const outputs = captureOutputs('ballast-canary-');

describe('secret canaries in @ballast/config', () => {
  it('a failing configuration: the report names every key and quotes no secret, in no form', async () => {
    const envFile = join(outputs.dir, '.env');
    writeFileSync(envFile, `API_KEY=${canary('envfile')}\nMYSQL_PWD=${canary('mysqlpwd')}\n`);
    writeFileSync(join(outputs.dir, 'signing'), `${canary('namefile')}\n`);
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
      bootCapturing(
        outputs,
        {
          schema,
          envFilePath: envFile,
          values: { PROVIDED_TOKEN: canary('provided') },
          env: {
            DB_PASSWORD: `  ${canary('trimmed')}  `,
            SIGNING_FILE: join(outputs.dir, 'signing'),
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
    const output = [error.message, JSON.stringify(error.problems), ...outputs.written].join('\n');
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
    writeFileSync(join(outputs.dir, '.env'), `MYSQL_PWD=${canary('envfile')}\n`);
    writeFileSync(join(outputs.dir, 'signing'), `${canary('namefile')}\n`);
    const ns = defineNamespace(
      'svc',
      { SVC_SECRET: secret(Joi.string().trim().uppercase()), SVC_URL: Joi.string() },
      (env) => env,
    );
    const app = await bootCapturing(
      outputs,
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
        envFilePath: join(outputs.dir, '.env'),
        logSummary: true,
        env: {
          PGPASSWORD: canary('pgpassword'),
          SIGNING_FILE: join(outputs.dir, 'signing'),
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
      const output = [JSON.stringify(service.describe()), ...service.describeLines(), ...outputs.written].join('\n');
      const found = leaks(output);
      console.info(`secret-canaries (config, booting): ${found.length} of ${canaries.length} canaries found`);
      expect(found).toEqual([]);
      expect(outputs.written.join('')).toContain('Effective configuration:');
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
      bootCapturing(outputs, { ignoreEnvFile: true, env: { SVC_SECRET: ` ${canary('factory')} ` } }, [ns]),
    );
    expect(leaks([error.message, JSON.stringify(error.problems), ...outputs.written].join('\n'))).toEqual([]);
    expect(error.message).toContain('the namespace factory threw: cannot use [REDACTED]');
  });

  it('NAME_FILE conflicts and unreadable files: provenance and paths, never a value or a file content', async () => {
    const envFile = join(outputs.dir, '.env.local');
    writeFileSync(join(outputs.dir, 'token'), `${canary('filecontent')}\n`);
    writeFileSync(envFile, `APP_TOKEN=${canary('conflictfile')}\n`);
    const schema = Joi.object({
      APP_TOKEN: Joi.string().required(),
      // a name that is not secret by itself: only its NAME_FILE makes it so
      SIGNING: Joi.string().min(400).required(),
      LICENSE: Joi.string().required(),
    });
    const error = await thrown(() =>
      bootCapturing(outputs, {
        schema,
        envFilePath: envFile,
        env: {
          APP_TOKEN_FILE: join(outputs.dir, 'token'),
          SIGNING: canary('plainsigning'),
          SIGNING_FILE: join(outputs.dir, 'token'),
          LICENSE_FILE: join(outputs.dir, 'missing'),
        },
      }),
    );
    expect(leaks([error.message, JSON.stringify(error.problems), ...outputs.written].join('\n'))).toEqual([]);
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      'APP_TOKEN: both APP_TOKEN (from .env.local) and APP_TOKEN_FILE (from the process environment) are set; ' +
        'set only one of them',
      'SIGNING: both SIGNING (from the process environment) and SIGNING_FILE (from the process environment) are ' +
        'set; set only one of them',
      `LICENSE_FILE: cannot read ${join(outputs.dir, 'missing')}, the file it names (ENOENT; set in the process ` +
        'environment); mount the file or unset LICENSE_FILE',
    ]);
  });
});
