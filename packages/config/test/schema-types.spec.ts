import { type } from 'arktype';
import Joi from 'joi';
import * as v from 'valibot';
import { z } from 'zod';
import { defineNamespace, optional, port, secret, validateEnv, type InferEnv } from '../src/index.js';

// Types ballast infers from each schema library, checked by `pnpm typecheck` (this file is in its include): every
// annotated assignment below fails to compile if an inferred type is wrong, and every @ts-expect-error fails to
// compile if a wrong use stops being an error. The tests check the same values at run time.

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exactly = <A, B>(same: Exactly<A, B>) => same;

const zodEnv = z.object({ PORT: z.coerce.number(), DEBUG: z.stringbool(), NAME: z.string().optional() });
const valibotEnv = v.object({ PORT: v.pipe(v.string(), v.transform(Number)), NAME: v.optional(v.string(), 'app') });
const arktypeEnv = type({ PORT: 'string.integer.parse', 'NAME?': 'string' });
const joiEnv = Joi.object<{ PORT: number; NAME?: string }>({ PORT: port(), NAME: Joi.string() });
const recordEnv = { PORT: port(), DEBUG: z.stringbool(), NAME: v.optional(v.string()) };

describe('inferred types (checked by pnpm typecheck)', () => {
  it('InferEnv gives the output type of every kind of schema', () => {
    expect(exactly<InferEnv<typeof zodEnv>, { PORT: number; DEBUG: boolean; NAME?: string | undefined }>(true)).toBe(
      true,
    );
    expect(exactly<InferEnv<typeof valibotEnv>, { PORT: number; NAME: string }>(true)).toBe(true);
    expect(exactly<InferEnv<typeof arktypeEnv>, { PORT: number; NAME?: string }>(true)).toBe(true);
    expect(exactly<InferEnv<typeof joiEnv>, { PORT: number; NAME?: string }>(true)).toBe(true);
    expect(exactly<InferEnv<typeof recordEnv>, { PORT: number; DEBUG: boolean; NAME: string | undefined }>(true)).toBe(
      true,
    );
    // @ts-expect-error PORT is coerced: a number, not the string the environment holds
    expect(exactly<InferEnv<typeof zodEnv>['PORT'], string>(true)).toBe(true);
    // ...and at run time, the values match those types.
    const env = { PORT: '8080', DEBUG: 'true' };
    const values = (schema: unknown) => validateEnv({ schema: schema as never, env, ignoreEnvFile: true }).values;
    expect(values(zodEnv)).toEqual({ PORT: 8080, DEBUG: true });
    expect(values(valibotEnv)).toEqual({ PORT: 8080, NAME: 'app' });
    expect(values(arktypeEnv)).toEqual({ PORT: 8080 });
    expect(values(joiEnv)).toEqual({ PORT: 8080 });
    expect(values(recordEnv)).toEqual({ PORT: 8080, DEBUG: true });
  });

  it('a namespace factory receives the coerced types, whatever the library of each variable', () => {
    const db = defineNamespace(
      'db',
      {
        DB_PORT: z.coerce.number().default(5432),
        DB_HOST: v.string(),
        DB_SSL: type("'true' | 'false'").pipe((flag) => flag === 'true'),
        DB_POOL: port(),
        DB_PASSWORD: secret(z.string().min(8)),
        DB_URL: optional(z.url()),
      },
      (env) => {
        const port: number = env.DB_PORT;
        const host: string = env.DB_HOST;
        const ssl: boolean = env.DB_SSL;
        const pool: number = env.DB_POOL;
        const password: string = env.DB_PASSWORD;
        const url: string | undefined = env.DB_URL;
        // @ts-expect-error an optional variable may be undefined
        const required: string = env.DB_URL;
        return { port, host, ssl, pool, password, url, required };
      },
    );
    const value: { port: number; ssl: boolean; url: string | undefined } = db({
      DB_HOST: 'db',
      DB_SSL: 'true',
      DB_POOL: '10',
      DB_PASSWORD: 'p'.repeat(8),
    });
    expect(value).toEqual({
      port: 5432,
      host: 'db',
      ssl: true,
      pool: 10,
      password: 'p'.repeat(8),
      url: undefined,
      required: undefined,
    });
  });

  it('a namespace defined by one object schema receives its (transformed) output', () => {
    const http = defineNamespace(
      'http',
      z.object({ HTTP_PORT: z.coerce.number() }).transform((env) => ({ port: env.HTTP_PORT })),
      (env) => {
        const port: number = env.port;
        // @ts-expect-error the transform's output has no HTTP_PORT
        void env.HTTP_PORT;
        return port;
      },
    );
    const port: number = http({ HTTP_PORT: '8080' });
    expect(port).toBe(8080);
  });
});
