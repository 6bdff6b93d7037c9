import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import {
  BallastConfigService,
  CONFIG_INVALID_OPTIONS,
  CONFIG_VALIDATION_FAILED,
  defineNamespace,
  type ConfigModuleOptions,
  type StandardSchemaV1,
} from '../src/index.js';
import { bootCapturing, canaryMaker, captureOutputs, thrown } from './fixtures/canary-harness.js';
import { bootstrapWithConfig, validateEnv, validateEnvAsync } from '../src/env.js';
import { CONTRACTS, type EnvContract } from './fixtures/env-contracts.js';

// The guarantees of @ballast/config, held for each schema library it accepts: the same environment contract written
// in Zod 4, Valibot 1, ArkType 2, Joi 18 and Joi 17 (test/fixtures/env-contracts.ts) gives the same behaviour — every
// problem at once, no secret in any output (even in messages the schema author wrote, or in transformed forms),
// NAME_FILE and provenance, coerced values in namespaces and ConfigService, the check before Nest, async refinements.
// test/secret-canaries.spec.ts covers the loader's other secret paths with Joi.

const { canary, canaries, leaks } = canaryMaker();

const GOOD_ENV = {
  APP_PORT: '8080',
  FEATURE_ENABLED: 'true',
  API_URL: 'https://api.example.com/v1',
  CORS_ORIGINS: '["https://a.example.com","https://b.example.com"]',
  APP_NAME: 'shop',
};

const outputs = captureOutputs('ballast-libraries-');

/** The secrets of the contract from three sources: a NAME_FILE mounted file, an .env file and `values`. */
function secretSources(
  jwt: string,
  seed: string,
  seal: string,
): Pick<ConfigModuleOptions, 'env' | 'envFilePath' | 'values'> {
  writeFileSync(join(outputs.dir, 'jwt'), `${jwt}\n`);
  writeFileSync(join(outputs.dir, '.env'), `COOKIE_SEAL=${seal}\n`);
  return {
    env: { JWT_SECRET_FILE: join(outputs.dir, 'jwt') },
    envFilePath: join(outputs.dir, '.env'),
    values: { SIGNING_SEED: seed },
  };
}

/** A Standard Schema with no structure ballast can read: only its `validate()`. */
const opaque: StandardSchemaV1<unknown, string> = {
  '~standard': {
    version: 1,
    vendor: 'x',
    validate: (value) =>
      typeof value === 'string' && /^b\d+$/.test(value) ? { value } : { issues: [{ message: 'must be like b123' }] },
  },
};

const BAD_ENV = {
  APP_PORT: '80x',
  FEATURE_ENABLED: 'maybe',
  API_URL: 'not a url',
  CORS_ORIGINS: '["https://a.example.com","nope"]',
};
const BAD_KEYS = ['APP_PORT', 'FEATURE_ENABLED', 'API_URL', 'CORS_ORIGINS.1', 'APP_NAME'];
const SECRET_KEYS = ['JWT_SECRET', 'SIGNING_SEED', 'COOKIE_SEAL'];
// In declaration order for every library but ArkType, which keeps an object's keys sorted: compared sorted.
const sorted = (keys: string[]) => [...keys].sort();

describe.each(CONTRACTS)('$library', (contract: EnvContract) => {
  const forms = [
    ['its object schema', contract.object],
    ['a record of per-variable schemas', contract.vars],
  ] as const;

  it.each(forms)('every problem at once, by name and nested path (%s)', async (_form, schema) => {
    const env = { ...BAD_ENV, JWT_SECRET: 'short', SIGNING_SEED: ' short ', COOKIE_SEAL: 'short' };
    const error = await thrown(() => validateEnv({ schema: schema as never, env, ignoreEnvFile: true }));
    expect(error.code).toBe(CONFIG_VALIDATION_FAILED);
    expect(sorted(error.problems.map((p) => p.key))).toEqual(sorted([...BAD_KEYS, ...SECRET_KEYS]));
    const byKey = Object.fromEntries(error.problems.map((p) => [p.key, p.message]));
    expect(byKey.APP_NAME).toBe('is required');
    // A secret's message is ballast's own, never the author's (which quotes the value): a length rule keeps its limit;
    // ArkType's contract checks the length in a .narrow() refinement, which carries none.
    const ownMessage =
      /^(must be at least 32 characters long|does not satisfy its schema \(predicate; the message is not shown because the variable is secret\))$/;
    for (const key of SECRET_KEYS) expect(byKey[key]).toMatch(ownMessage);
    expect(error.message).toMatch(/^Invalid configuration \(8 problems\):/);
    for (const key of [...BAD_KEYS, ...SECRET_KEYS]) expect(error.message).toContain(`- ${key}: `);
  });

  it('a failing configuration quotes no secret: thrown, problems, Nest logs, stderr of bootstrapWithConfig', async () => {
    const sources = secretSources(canary('jwt'), `  ${canary('seed')}  `, canary('seal'));
    const options = { schema: contract.object as never, ...sources, env: { ...sources.env, ...BAD_ENV } };
    const seen: string[] = [];

    const early = await thrown(() => validateEnv(options));
    const module = await thrown(() => bootCapturing(outputs, options));
    const exits: number[] = [];
    let ran = false;
    await bootstrapWithConfig(() => (ran = true), {
      config: options,
      stderr: { write: (text: string) => seen.push(text) },
      exit: (code) => exits.push(code),
    });

    expect([ran, exits]).toEqual([false, [1]]);
    for (const error of [early, module]) {
      expect(sorted(error.problems.map((p) => p.key))).toEqual(sorted([...BAD_KEYS, ...SECRET_KEYS]));
      seen.push(error.message, JSON.stringify(error.problems));
    }
    expect(leaks([...seen, ...outputs.written].join('\n'))).toEqual([]);
  });

  it('a valid configuration: provenance in entries, secrets redacted everywhere, no canary in any output', async () => {
    const sources = secretSources(canary('jwt', true), `  ${canary('seed', true)}  `, canary('seal', true));
    const options = { schema: contract.object as never, ...sources, env: { ...sources.env, ...GOOD_ENV } };

    const result = validateEnv(options);
    const entries = result.entries.map(({ key, value, source, from, secret }) => ({
      key,
      value,
      source,
      from,
      secret,
    }));
    expect(entries.sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual([
      { key: 'API_URL', value: 'https://api.example.com/v1', source: 'env', from: undefined, secret: false },
      { key: 'APP_NAME', value: 'shop', source: 'env', from: undefined, secret: false },
      { key: 'APP_PORT', value: '8080', source: 'env', from: undefined, secret: false },
      { key: 'COOKIE_SEAL', value: '[REDACTED]', source: 'file', from: '.env', secret: true },
      {
        key: 'CORS_ORIGINS',
        value: '["https://a.example.com","https://b.example.com"]',
        source: 'env',
        from: undefined,
        secret: false,
      },
      { key: 'FEATURE_ENABLED', value: 'true', source: 'env', from: undefined, secret: false },
      { key: 'JWT_SECRET', value: '[REDACTED]', source: 'file', from: 'JWT_SECRET_FILE', secret: true },
      { key: 'LOG_LEVEL', value: 'info', source: 'default', from: undefined, secret: false },
      { key: 'SIGNING_SEED', value: '[REDACTED]', source: 'provided', from: undefined, secret: true },
    ]);
    // The mounted file's content, trimmed; the transform's output (upper-cased) for SIGNING_SEED.
    expect(result.values.JWT_SECRET).toBe(canaries.at(-3));
    expect(result.values.SIGNING_SEED).toBe(canaries.at(-2)!.toUpperCase());

    const app = await bootCapturing(outputs, { ...options, logSummary: true });
    try {
      const service = app.get(BallastConfigService);
      expect(outputs.written.join('\n')).toContain('Effective configuration:');
      // `values` holds the secrets themselves, for the app: everything else is output.
      const { values: _values, ...report } = result;
      const output = [
        JSON.stringify(report),
        JSON.stringify(service.describe()),
        ...service.describeLines(),
        ...outputs.written,
      ];
      expect(leaks(output.join('\n'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a rule across variables that quotes a transformed secret in another variable’s message', async () => {
    const seed = canary('crossseed', true);
    const secrets = { JWT_SECRET: 'j'.repeat(32), SIGNING_SEED: `  ${seed}  `, COOKIE_SEAL: 'c'.repeat(32) };
    const options = { schema: contract.crossChecked as never, env: { ...GOOD_ENV, ...secrets }, ignoreEnvFile: true };
    const errors = [await thrown(() => validateEnv(options)), await thrown(() => bootCapturing(outputs, options))];
    for (const error of errors) expect(error.message).toContain('must not repeat [REDACTED]');
    const output = errors.flatMap((error) => [error.message, JSON.stringify(error.problems)]);
    expect(leaks([...output, ...outputs.written].join('\n'))).toEqual([]);
  });

  it('a namespace factory that quotes the transformed secret is reported without it', async () => {
    const ns = defineNamespace('svc', { SIGNING_SEED: contract.vars.SIGNING_SEED as never }, (env) => {
      throw new Error(`cannot use ${String(env.SIGNING_SEED)}`);
    });
    const error = await thrown(() =>
      bootCapturing(outputs, { ignoreEnvFile: true, env: { SIGNING_SEED: ` ${canary('factory', true)} ` } }, [ns]),
    );
    expect(error.message).toContain('the namespace factory threw: cannot use [REDACTED]');
    expect(leaks([error.message, JSON.stringify(error.problems), ...outputs.written].join('\n'))).toEqual([]);
  });

  it('coerced values reach a namespace factory, ConfigService and bootstrapWithConfig', async () => {
    const secrets = { JWT_SECRET: 'j'.repeat(32), SIGNING_SEED: 's'.repeat(32), COOKIE_SEAL: 'c'.repeat(32) };
    const env = { ...GOOD_ENV, ...secrets };
    const app = defineNamespace('app', contract.vars as never, (values: Record<string, unknown>) => ({
      port: values.APP_PORT,
      enabled: values.FEATURE_ENABLED,
      origins: values.CORS_ORIGINS,
      level: values.LOG_LEVEL,
    }));
    const expected = {
      port: 8080,
      enabled: true,
      origins: ['https://a.example.com', 'https://b.example.com'],
      level: 'info',
    };
    expect(app(env)).toEqual(expected);

    let early: unknown;
    await bootstrapWithConfig((checked) => (early = checked?.values), {
      config: { schema: contract.object as never, env, ignoreEnvFile: true },
    });
    expect(early).toMatchObject({ APP_PORT: 8080, FEATURE_ENABLED: true, LOG_LEVEL: 'info' });

    const nest = await bootCapturing(outputs, { schema: contract.object as never, env, ignoreEnvFile: true }, [app]);
    try {
      const config = nest.get(ConfigService);
      expect([config.get('APP_PORT'), config.get('FEATURE_ENABLED'), config.get('LOG_LEVEL')]).toEqual([
        8080,
        true,
        'info',
      ]);
      expect(config.get('app')).toEqual(expected);
      expect(config.get('app.port')).toBe(8080);
    } finally {
      await nest.close();
    }
  });

  it('a schema with no readable structure: refused as the root schema, accepted inside a record', async () => {
    const error = await thrown(() => bootCapturing(outputs, { schema: opaque as never, ignoreEnvFile: true, env: {} }));
    expect(error.code).toBe(CONFIG_INVALID_OPTIONS);
    expect(error.message).toContain('schema');

    const schema = { ...contract.vars, BUILD_ID: opaque } as never;
    const env = { ...GOOD_ENV, JWT_SECRET: 'j'.repeat(32), SIGNING_SEED: 's'.repeat(32), COOKIE_SEAL: 'c'.repeat(32) };
    expect(validateEnv({ schema, env: { ...env, BUILD_ID: 'b42' }, ignoreEnvFile: true }).values).toMatchObject({
      APP_PORT: 8080,
      BUILD_ID: 'b42',
    });
    const invalid = await thrown(() => validateEnv({ schema, env: { ...env, BUILD_ID: 'x' }, ignoreEnvFile: true }));
    expect(invalid.problems.map((p) => `${p.key}: ${p.message}`)).toEqual(['BUILD_ID: must be like b123']);
  });
});

const ASYNC = CONTRACTS.filter((contract) => contract.asyncObject !== undefined);

describe.each(ASYNC)('$library: an asynchronous refinement', (contract: EnvContract) => {
  const options = (code: string) => ({
    schema: contract.asyncObject as never,
    env: { INVITE_CODE: code },
    ignoreEnvFile: true,
  });

  it('is refused by validateEnv, with a clear error', () => {
    expect(() => validateEnv(options('open-sesame'))).toThrow(/asynchronously/);
  });

  it('is awaited by validateEnvAsync and by the module', async () => {
    expect((await validateEnvAsync(options('open-sesame'))).values).toEqual({ INVITE_CODE: 'open-sesame' });
    const error = await thrown(() => validateEnvAsync(options('guess')));
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual(['INVITE_CODE: is not a valid invite code']);

    const app = await bootCapturing(outputs, options('open-sesame'));
    try {
      expect(app.get(ConfigService).get('INVITE_CODE')).toBe('open-sesame');
    } finally {
      await app.close();
    }
    const refused = await thrown(() => bootCapturing(outputs, options('guess')));
    expect(refused.problems.map((p) => p.key)).toEqual(['INVITE_CODE']);
  });
});
