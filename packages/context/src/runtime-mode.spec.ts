import { BallastContextError } from './context.errors.js';
import { readOptions } from '@ballast/kernel';
import { resolveRuntimeMode, runtimeModeFields } from './runtime-mode.js';

// Every case passes its own `env`: Jest sets NODE_ENV=test in process.env, and the machine may be a pod.
describe('resolveRuntimeMode', () => {
  it.each([
    ['production', 'production'],
    ['prod', 'production'],
    ['PRODUCTION', 'production'],
    [' Prod ', 'production'],
    ['development', 'development'],
    ['dev', 'development'],
    ['develop', 'development'],
    ['local', 'development'],
    ['Development', 'development'],
    ['test', 'test'],
    ['testing', 'test'],
    ['TEST', 'test'],
  ])('reads NODE_ENV=%j as %s', (value, mode) => {
    expect(resolveRuntimeMode({ env: { NODE_ENV: value } })).toEqual({
      mode,
      source: 'variable',
      kubernetes: false,
      variable: 'NODE_ENV',
      reason: `NODE_ENV is ${JSON.stringify(value)}`,
    });
  });

  it.each(['staging', 'qa', 'preprod', 'developement', 'true'])(
    'treats an unknown value (%j) as production, and says so',
    (value) => {
      expect(resolveRuntimeMode({ env: { NODE_ENV: value } })).toMatchObject({
        mode: 'production',
        source: 'variable',
        reason: `NODE_ENV is "${value}", not a known spelling: treated as production`,
      });
    },
  );

  it('reads only the variable the app names', () => {
    const env = { APP_ENV: 'dev', NODE_ENV: 'production' };
    expect(resolveRuntimeMode({ variable: 'APP_ENV', env })).toMatchObject({
      mode: 'development',
      source: 'variable',
      variable: 'APP_ENV',
      reason: 'APP_ENV is "dev"',
    });
    // Named but not set: NODE_ENV is not consulted.
    expect(resolveRuntimeMode({ variable: 'APP_ENV', env: { NODE_ENV: 'development' } })).toMatchObject({
      mode: 'unknown',
      source: 'none',
      reason: 'APP_ENV is not set, not running in Kubernetes',
    });
  });

  it('is unknown when nothing says (the variable unset or empty, not in Kubernetes)', () => {
    for (const env of [{}, { NODE_ENV: '' }, { NODE_ENV: '  ' }, { KUBERNETES_SERVICE_HOST: '' }]) {
      expect(resolveRuntimeMode({ env })).toEqual({
        mode: 'unknown',
        source: 'none',
        kubernetes: false,
        variable: 'NODE_ENV',
        reason: 'NODE_ENV is not set, not running in Kubernetes',
      });
    }
  });

  it('is production in Kubernetes when the variable is not set', () => {
    expect(resolveRuntimeMode({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' } })).toEqual({
      mode: 'production',
      source: 'kubernetes',
      kubernetes: true,
      variable: 'NODE_ENV',
      reason: 'KUBERNETES_SERVICE_HOST is set: running in Kubernetes',
    });
  });

  it('lets the variable decide the mode in Kubernetes, and still reports Kubernetes', () => {
    expect(resolveRuntimeMode({ env: { NODE_ENV: 'development', KUBERNETES_SERVICE_HOST: '10.96.0.1' } })).toEqual({
      mode: 'development',
      source: 'variable',
      kubernetes: true,
      variable: 'NODE_ENV',
      reason: 'NODE_ENV is "development"',
    });
  });

  it('lets an explicit mode win over the variable and Kubernetes', () => {
    const env = { NODE_ENV: 'production', APP_ENV: 'production', KUBERNETES_SERVICE_HOST: '10.96.0.1' };
    expect(resolveRuntimeMode({ mode: 'test', variable: 'APP_ENV', env })).toEqual({
      mode: 'test',
      source: 'option',
      kubernetes: true,
      variable: 'APP_ENV',
      reason: 'mode "test" set by the app',
    });
  });

  it('reads process.env by default', () => {
    const saved = process.env.BALLAST_SPEC_MODE;
    process.env.BALLAST_SPEC_MODE = 'prod';
    try {
      expect(resolveRuntimeMode({ variable: 'BALLAST_SPEC_MODE' }).mode).toBe('production');
    } finally {
      if (saved === undefined) delete process.env.BALLAST_SPEC_MODE;
      else process.env.BALLAST_SPEC_MODE = saved;
    }
  });

  it('refuses an invalid mode or variable name with a coded error naming the fix', () => {
    let error: unknown;
    try {
      resolveRuntimeMode({ mode: 'prod' as never, variable: 'APP-ENV' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BallastContextError);
    expect(error).toMatchObject({ code: 'BALLAST_CONTEXT_INVALID_RUNTIME_MODE' });
    expect((error as Error).message).toBe(
      'Invalid runtime mode options:\n' +
        `- mode: must be one of 'production', 'development', 'test', got "prod". To read the mode from another ` +
        'environment variable, set variable instead.\n' +
        `- variable: must be an environment variable name such as 'APP_ENV', got "APP-ENV".`,
    );
  });
});

describe('runtimeModeFields', () => {
  it('names the options as the calling module calls them', () => {
    const spec = runtimeModeFields({ mode: 'runtimeMode', variable: 'runtimeModeVariable' });
    expect(readOptions(spec, { runtimeMode: 'staging', runtimeModeVariable: 3 }).problems.list()).toEqual([
      `runtimeMode: must be one of 'production', 'development', 'test', got "staging". To read the mode from another ` +
        'environment variable, set runtimeModeVariable instead.',
      `runtimeModeVariable: must be an environment variable name such as 'APP_ENV', got 3.`,
    ]);
    expect(readOptions(spec, { runtimeMode: 'test', runtimeModeVariable: 'APP_ENV' }).values).toEqual({
      runtimeMode: 'test',
      runtimeModeVariable: 'APP_ENV',
    });
  });
});
