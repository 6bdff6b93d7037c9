import type { ConfigType } from '@nestjs/config';
import Joi from 'joi';
import {
  BallastConfigError,
  bool,
  defineNamespace,
  duration,
  logLevel,
  optional,
  port,
  secret,
  url,
  type LogLevel,
} from '../src/index.js';

// Compile-time assertions, checked by `pnpm typecheck` (tsc includes packages/*/test): a wrong inference fails the build.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

let seen: unknown;
const dbConfig = defineNamespace(
  'db',
  {
    DB_HOST: Joi.string().hostname(),
    DB_PORT: port().default(5432),
    DB_SSL: bool().default(false),
    DB_TIMEOUT: duration().default('5s'),
    DB_PASSWORD: secret(),
    DB_REPLICA_URL: optional(url()),
    DB_LOG_LEVEL: logLevel().default('warn'),
  },
  (env) => {
    seen = env;
    // No cast anywhere: the values are typed from the schemas.
    assertType<Equals<typeof env.DB_PORT, number>>();
    assertType<Equals<typeof env.DB_SSL, boolean>>();
    assertType<Equals<typeof env.DB_REPLICA_URL, string | undefined>>();
    assertType<Equals<typeof env.DB_LOG_LEVEL, LogLevel>>();
    return {
      host: env.DB_HOST,
      port: env.DB_PORT,
      ssl: env.DB_SSL,
      timeoutMs: env.DB_TIMEOUT,
      password: env.DB_PASSWORD,
      replicaUrl: env.DB_REPLICA_URL,
      poolSize: env.DB_PORT > 6000 ? 20 : 10,
    };
  },
);

assertType<
  Equals<
    ConfigType<typeof dbConfig>,
    {
      host: string;
      port: number;
      ssl: boolean;
      timeoutMs: number;
      password: string;
      replicaUrl: string | undefined;
      poolSize: number;
    }
  >
>();
assertType<Equals<typeof dbConfig.KEY, string>>();

describe('defineNamespace', () => {
  it('the factory receives validated, coerced numbers and booleans, not strings', () => {
    const value = dbConfig({ DB_HOST: 'db.internal', DB_PORT: ' 6432 ', DB_SSL: 'TRUE', DB_PASSWORD: 'pw-1234' });
    expect(seen).toEqual({
      DB_HOST: 'db.internal',
      DB_PORT: 6432,
      DB_SSL: true,
      DB_TIMEOUT: 5000,
      DB_PASSWORD: 'pw-1234',
      DB_REPLICA_URL: undefined,
      DB_LOG_LEVEL: 'warn',
    });
    expect(typeof value.port).toBe('number');
    expect(typeof value.ssl).toBe('boolean');
    expect(value).toMatchObject({ port: 6432, ssl: true, timeoutMs: 5000, poolSize: 20 });
    expect(dbConfig.KEY).toBe('CONFIGURATION(db)');
  });

  it('every key is required unless it has a default or is optional(); all problems at once', () => {
    let error: BallastConfigError | undefined;
    try {
      dbConfig({ DB_SSL: 'false ', DB_PORT: '5432x' });
    } catch (e) {
      error = e as BallastConfigError;
    }
    expect(error?.problems.map((p) => `${p.namespace}/${p.key}: ${p.message}`)).toEqual([
      'db/DB_HOST: is required',
      'db/DB_PORT: must be a port number written with digits (0-65535)',
      'db/DB_PASSWORD: is required',
    ]);
  });

  it('refuses a bad definition with a clear message', () => {
    expect(() => defineNamespace('bad name', { A: Joi.string() }, (v) => v)).toThrow(/must be an identifier/);
    expect(() => defineNamespace('x', {}, (v) => v)).toThrow(/at least one variable/);
    expect(() => defineNamespace('x', { A: 'string' as never }, (v) => v)).toThrow(
      /A must be a schema: Joi \(Joi.string\(\), port\(\)\) or a Standard Schema/,
    );
  });

  it('a bad definition or default is a BallastConfigError with a code', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof BallastConfigError ? error.code : `not coded: ${String(error)}`;
      }
      return 'no error';
    };
    expect(codeOf(() => defineNamespace('x', {}, (v) => v))).toBe('BALLAST_CONFIG_INVALID_DEFINITION');
    expect(codeOf(() => defineNamespace('x', { A: Joi.string() }, 'f' as never))).toBe(
      'BALLAST_CONFIG_INVALID_DEFINITION',
    );
    expect(codeOf(() => port().default('eighty'))).toBe('BALLAST_CONFIG_INVALID_DEFINITION');
  });
});
