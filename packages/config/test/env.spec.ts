import { jest } from '@jest/globals';
import Joi from 'joi';
import { BallastConfigError, checkEnv, defineNamespace, port, validateEnv } from '../src/env.js';

describe('validateEnv / checkEnv (no Nest)', () => {
  const schema = Joi.object({ PORT: port().default(3000), API_TOKEN: Joi.string().required() });
  const db = defineNamespace('db', { DB_PORT: port().default(5432) }, (env) => ({ port: env.DB_PORT }));

  it('validates like the module: values, namespaces, redacted entries', () => {
    const result = validateEnv({ schema, namespaces: [db], env: { API_TOKEN: 'tok-secret-1' }, ignoreEnvFile: true });
    expect(result.values).toEqual({ PORT: 3000, API_TOKEN: 'tok-secret-1', DB_PORT: 5432 });
    expect(result.namespaces).toEqual({ db: { port: 5432 } });
    expect(result.lines).toEqual(['PORT=3000 (default)', 'API_TOKEN=[REDACTED] (env)', 'DB_PORT=5432 (default)']);
  });

  it('checkEnv writes the report and exits with 1 when the environment is invalid', () => {
    const written: string[] = [];
    const exits: number[] = [];
    expect(() =>
      checkEnv(
        { schema, env: { PORT: 'x' }, ignoreEnvFile: true },
        { stderr: { write: (t: string) => written.push(t) }, exit: (code) => exits.push(code) },
      ),
    ).toThrow(BallastConfigError);
    expect(exits).toEqual([1]);
    expect(written.join('')).toBe(
      'Invalid configuration (2 problems):\n- PORT: must be a port number written with digits (0-65535)\n' +
        '- API_TOKEN: is required\nFix these variables in the environment or an .env file, then start again.\n',
    );
  });

  it('instanceof BallastConfigError holds for an error from another copy of the package', async () => {
    let copy: typeof import('../src/env.js') | undefined;
    await jest.isolateModulesAsync(async () => {
      copy = await import('../src/env.js');
    });
    expect(copy!.BallastConfigError).not.toBe(BallastConfigError);
    let foreign: unknown;
    try {
      copy!.validateEnv({ schema, env: {}, ignoreEnvFile: true });
    } catch (error) {
      foreign = error;
    }
    expect(foreign).toBeInstanceOf(BallastConfigError);
    expect(foreign).toMatchObject({ code: 'BALLAST_CONFIG_VALIDATION_FAILED', problems: [{ key: 'API_TOKEN' }] });
    expect(new Error('x')).not.toBeInstanceOf(BallastConfigError);
  });
});
