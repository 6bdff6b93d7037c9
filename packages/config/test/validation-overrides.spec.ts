import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Joi from 'joi';
import {
  BallastConfigError,
  BallastConfigModule,
  defineNamespace,
  port,
  type ConfigModuleOptions,
} from '../src/index.js';
import { loadConfig, loadConfigAsync, type LoadInput } from '../src/loader/load-config.js';
import { resolveConfigOptions } from '../src/config.options.resolve.js';

// No joi error shape can switch validation off: `.error()` overrides (an Error, a function returning an Error, an
// empty list or reports), `.messages()`, custom() rules and external() rules (awaited) all end in a report naming the
// key, and the app does not start. Run on joi 18 (`pnpm jest`) and joi 17 (`pnpm jest:nest11`).

function load(options: ConfigModuleOptions, namespaces: unknown[] = []) {
  return loadConfig(resolveConfigOptions({ ignoreEnvFile: true, ...options }, namespaces) as LoadInput);
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BallastConfigError) return error.problems.map((p) => `${p.key}: ${p.message}`);
    throw error;
  }
  throw new Error(`expected a BallastConfigError (joi ${Joi.version})`);
}

describe(`schema error overrides (joi ${Joi.version.split('.')[0]})`, () => {
  it('.error(new Error()) on one key: that key is reported with the message, and the other keys still are', () => {
    const schema = Joi.object({
      PORT: port().required().error(new Error('PORT must be a port')),
      WORKERS: Joi.number().integer().min(1),
    });
    expect(problems(() => load({ schema, env: { PORT: 'notaport', WORKERS: '0' } }))).toEqual([
      'PORT: must be a port',
      'WORKERS: must be greater than or equal to 1',
    ]);
  });

  it('.error(fn) returning an Error', () => {
    const schema = Joi.object({ N: Joi.number().error(() => new Error('N is not a number')), M: Joi.number() });
    expect(problems(() => load({ schema, env: { N: 'x', M: 'y' } }))).toEqual([
      'N: is not a number',
      'M: must be a number',
    ]);
  });

  it('.error(fn) returning an empty list cannot make a failure pass', () => {
    const schema = Joi.object({ N: Joi.number().error(() => []) });
    expect(problems(() => load({ schema, env: { N: 'x' } }))).toEqual(['N: must be a number']);
  });

  it('.error(fn) rewriting the reports keeps the author text', () => {
    const schema = Joi.object({
      N: Joi.number().error((errors) =>
        errors.map((report) => Object.assign(report, { message: 'N wants digits' }) as Joi.ErrorReport),
      ),
    });
    expect(problems(() => load({ schema, env: { N: 'x' } }))).toEqual(['N: wants digits']);
  });

  it('.messages(), custom() throwing and custom() with helpers.message', () => {
    const schema = Joi.object({
      A: Joi.number().messages({ 'number.base': 'A needs a number' }),
      B: Joi.string().custom(() => {
        throw new Error('B is odd');
      }),
      C: Joi.string().custom((_value, helpers) => helpers.message({ custom: 'C is wrong' })),
    });
    expect(problems(() => load({ schema, env: { A: 'x', B: 'b', C: 'c' } }))).toEqual([
      'A: needs a number',
      'B: failed custom validation because B is odd',
      'C: is wrong',
    ]);
  });

  it('an override on a passing key, or on the object schema itself, hides nothing', () => {
    const schema = Joi.object({
      A: Joi.number().error(new Error('A bad')),
      B: Joi.string().valid('x'),
    }).error(new Error('whole thing bad'));
    expect(problems(() => load({ schema, env: { A: '1', B: 'y' } }))).toEqual(['B: must be [x]']);
  });

  it('in a namespace too', () => {
    const ns = defineNamespace('db', { DB_PORT: port().error(new Error('DB_PORT must be a port')) }, (env) => env);
    expect(problems(() => load({ env: { DB_PORT: 'nope' } }, [ns]))).toEqual(['DB_PORT: must be a port']);
  });

  describe('external() rules: awaited, never skipped', () => {
    const tenants = new Set(['acme', 'globex']);
    const schema = Joi.object({
      TENANT: Joi.string().external(async (value: string) => {
        if (!tenants.has(value)) throw new Error(`unknown tenant ${value}`);
        return value.toUpperCase(); // an external may replace the value
      }),
      API_SECRET: Joi.string().external(async (value: string, helpers) =>
        value.startsWith('sk_') ? undefined : helpers.message({ external: `bad secret ${value}` }),
      ),
      N: Joi.number(),
    });
    const asyncProblems = async (env: Record<string, string>) => {
      try {
        await loadConfigAsync(resolveConfigOptions({ ignoreEnvFile: true, schema, env }) as LoadInput);
      } catch (error) {
        if (error instanceof BallastConfigError) return error.problems.map((p) => `${p.key}: ${p.message}`);
        throw error;
      }
      return [];
    };

    it('the synchronous load refuses the schema, naming validateEnvAsync()', () => {
      expect(() => load({ schema, env: { TENANT: 'acme', API_SECRET: 'sk_1', N: '1' } })).toThrow(/validateEnvAsync/);
    });

    it('every other rule first, as Joi does: a bad N is reported before any external runs', async () => {
      expect(await asyncProblems({ TENANT: 'nobody', API_SECRET: 'nope', N: 'x' })).toEqual(['N: must be a number']);
    });

    it("a thrown error is a problem of its key; a report in a secret's key is worded by ballast", async () => {
      expect(await asyncProblems({ TENANT: 'nobody', API_SECRET: 'sk_1', N: '1' })).toEqual([
        'TENANT: unknown tenant nobody',
      ]);
      const found = await asyncProblems({ TENANT: 'acme', API_SECRET: 'leaky-canary', N: '1' });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^API_SECRET: /);
      expect(found[0]).not.toContain('leaky-canary');
    });

    it('the value an external returns is the validated value', async () => {
      const loaded = await loadConfigAsync(
        resolveConfigOptions({ ignoreEnvFile: true, schema, env: { TENANT: 'acme', API_SECRET: 'sk_1' } }) as LoadInput,
      );
      expect(loaded.values.TENANT).toBe('ACME');
    });

    it('the module awaits them: the app starts, or does not', async () => {
      const boot = (env: Record<string, string>) => {
        @Module({ imports: [BallastConfigModule.forRoot({ schema, env, ignoreEnvFile: true })] })
        class AppModule {}
        return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
      };
      const app = await boot({ TENANT: 'globex', API_SECRET: 'sk_2' });
      await app.close();
      await expect(boot({ TENANT: 'initech', API_SECRET: 'sk_2' })).rejects.toThrow(/TENANT: unknown tenant initech/);
    });
  });

  it('the app does not start', async () => {
    @Module({
      imports: [
        BallastConfigModule.forRoot({
          schema: Joi.object({ PORT: port().required().error(new Error('PORT must be a port')) }),
          env: { PORT: 'notaport' },
          ignoreEnvFile: true,
        }),
      ],
    })
    class AppModule {}
    await expect(
      NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false }),
    ).rejects.toThrow(/PORT: must be a port/);
  });
});
