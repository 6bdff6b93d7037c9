import type { ShutdownModuleOptions } from './shutdown.options.js';
import { resolveShutdownOptions } from './shutdown.options.resolve.js';

describe('resolveShutdownOptions', () => {
  it('applies Kubernetes defaults in production: a 5 s readiness delay, and says why', () => {
    expect(resolveShutdownOptions({}, { NODE_ENV: 'production' })).toEqual({
      signals: ['SIGTERM', 'SIGINT'],
      readinessDelayMs: 5000,
      drainTimeoutMs: 10_000,
      hookTimeoutMs: 5000,
      timeoutMs: 25_000,
      exitCode: 0,
      timeoutExitCode: 1,
      errorExitCode: 1,
      forceExitOnSecondSignal: false,
      exit: true,
      derivedDefaults: ['readinessDelayMs 5000 (NODE_ENV is "production")'],
    });
  });

  it.each([
    {
      name: 'NODE_ENV unset, in Kubernetes',
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' },
      options: {},
      ms: 5000,
      why: 'KUBERNETES_SERVICE_HOST is set: running in Kubernetes',
    },
    {
      name: 'development in Kubernetes',
      env: { NODE_ENV: 'development', KUBERNETES_SERVICE_HOST: '10.96.0.1' },
      options: {},
      ms: 5000,
      why: 'KUBERNETES_SERVICE_HOST is set: running in Kubernetes, although NODE_ENV is "development"',
    },
    {
      name: 'test in Kubernetes',
      env: { NODE_ENV: 'test', KUBERNETES_SERVICE_HOST: '10.96.0.1' },
      options: {},
      ms: 0,
      why: 'NODE_ENV is "test"',
    },
    {
      name: 'NODE_ENV unset, not in Kubernetes',
      env: {},
      options: {},
      ms: 0,
      why: 'NODE_ENV is not set, not running in Kubernetes',
    },
    { name: 'development', env: { NODE_ENV: 'development' }, options: {}, ms: 0, why: 'NODE_ENV is "development"' },
    {
      name: 'an unknown value',
      env: { NODE_ENV: 'staging' },
      options: {},
      ms: 5000,
      why: 'NODE_ENV is "staging", not a known spelling: treated as production',
    },
    {
      name: 'APP_ENV named',
      env: { APP_ENV: 'prod', NODE_ENV: 'development' },
      options: { runtimeModeVariable: 'APP_ENV' },
      ms: 5000,
      why: 'APP_ENV is "prod"',
    },
    {
      name: 'APP_ENV named, unset',
      env: { NODE_ENV: 'production' },
      options: { runtimeModeVariable: 'APP_ENV' },
      ms: 0,
      why: 'APP_ENV is not set, not running in Kubernetes',
    },
    {
      name: 'an explicit mode',
      env: { NODE_ENV: 'production', KUBERNETES_SERVICE_HOST: '10.96.0.1' },
      options: { runtimeMode: 'test' as const },
      ms: 0,
      why: 'mode "test" set by the app',
    },
    {
      name: 'an explicit production mode',
      env: {},
      options: { runtimeMode: 'production' as const },
      ms: 5000,
      why: 'mode "production" set by the app',
    },
  ])('readiness delay with $name: $ms ms', ({ env, options, ms, why }) => {
    const resolved = resolveShutdownOptions(options, env);
    expect(resolved.readinessDelayMs).toBe(ms);
    expect(resolved.derivedDefaults).toEqual([`readinessDelayMs ${ms} (${why})`]);
  });

  it('uses an explicit readinessDelayMs as is, whatever the mode, and derives nothing', () => {
    const k8s = { NODE_ENV: 'production', KUBERNETES_SERVICE_HOST: '10.96.0.1' };
    expect(resolveShutdownOptions({ readinessDelayMs: 0 }, k8s)).toMatchObject({
      readinessDelayMs: 0,
      derivedDefaults: [],
    });
    expect(resolveShutdownOptions({ readinessDelayMs: 2000, runtimeMode: 'test' }, {})).toMatchObject({
      readinessDelayMs: 2000,
      derivedDefaults: [],
    });
  });

  it('refuses an invalid runtimeMode or runtimeModeVariable, naming the fix', () => {
    expect(() => resolveShutdownOptions({ runtimeMode: 'prod' as never, runtimeModeVariable: 'app env' }, {})).toThrow(
      [
        'Invalid BallastShutdownModule options:',
        `- runtimeMode: must be one of 'production', 'development', 'test', got "prod". To read the mode from another environment variable, set runtimeModeVariable instead.`,
        `- runtimeModeVariable: must be an environment variable name such as 'APP_ENV', got "app env".`,
      ].join('\n'),
    );
  });

  it('keeps the given signals, without duplicates', () => {
    expect(resolveShutdownOptions({ signals: ['SIGTERM', 'SIGHUP', 'SIGTERM'] }, {}).signals).toEqual([
      'SIGTERM',
      'SIGHUP',
    ]);
    expect(resolveShutdownOptions({ signals: [] }, {}).signals).toEqual([]);
  });

  it('lists every invalid option at once, each with its fix', () => {
    let message = '';
    try {
      resolveShutdownOptions(
        {
          signals: ['SIGKILL', 'NOPE'] as NodeJS.Signals[],
          drainTimeoutMs: 1.5,
          hookTimeoutMs: 0,
          exitCode: -1,
          forceExitOnSecondSignal: 'yes' as unknown as boolean,
        },
        {},
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'Invalid BallastShutdownModule options:',
        `- signals: item 0 must be a catchable signal name such as 'SIGTERM', 'SIGINT' or 'SIGHUP', got "SIGKILL". ` +
          "SIGKILL and SIGSTOP cannot be caught; use e.g. ['SIGTERM', 'SIGINT'].",
        '- drainTimeoutMs: must be an integer number of milliseconds >= 0, got 1.5.',
        '- hookTimeoutMs: must be an integer number of milliseconds >= 1, got 0.',
        '- exitCode: must be an integer exit code from 0 to 255, got -1.',
        '- forceExitOnSecondSignal: must be a boolean (true or false), got "yes".',
      ].join('\n'),
    );
  });

  it('says where a defaulted readinessDelayMs came from when timeoutMs leaves no time after it', () => {
    expect(() => resolveShutdownOptions({ timeoutMs: 12_000 }, { KUBERNETES_SERVICE_HOST: '10.96.0.1' })).toThrow(
      'raise timeoutMs above 15000 or lower the other two. (readinessDelayMs was not set: the default is ' +
        'readinessDelayMs 5000 (KUBERNETES_SERVICE_HOST is set: running in Kubernetes).)',
    );
  });

  it('requires timeoutMs to leave time after the readiness delay and the drain', () => {
    expect(() =>
      resolveShutdownOptions({ readinessDelayMs: 5000, drainTimeoutMs: 10_000, timeoutMs: 15_000 }, {}),
    ).toThrow(
      /timeoutMs: 15000 leaves no time for hooks and app.close\(\) after readinessDelayMs \(5000\) \+ drainTimeoutMs \(10000\); raise timeoutMs above 15000/,
    );
  });

  it('refuses an unknown option, suggesting the closest one (any case, or a small typo)', () => {
    expect(() =>
      resolveShutdownOptions({ drainTimeout: 5000, ReadinessDelayMS: 0, exitcodes: 2 } as ShutdownModuleOptions, {}),
    ).toThrow(
      [
        'Invalid BallastShutdownModule options:',
        '- drainTimeout: unknown option; did you mean drainTimeoutMs?',
        '- ReadinessDelayMS: unknown option; did you mean readinessDelayMs?',
        '- exitcodes: unknown option; did you mean exitCode?',
      ].join('\n'),
    );
  });

  it('lists the options when an unknown one is close to none of them', () => {
    expect(() => resolveShutdownOptions({ gracePeriod: 30 } as ShutdownModuleOptions, {})).toThrow(
      'gracePeriod: unknown option; the options are signals, readinessDelayMs, drainTimeoutMs, hookTimeoutMs, ' +
        'timeoutMs, exitCode, timeoutExitCode, errorExitCode, forceExitOnSecondSignal, runtimeMode, ' +
        'runtimeModeVariable, exit.',
    );
  });

  it('still accepts every known option; isGlobal from a forRootAsync factory is refused with where it belongs', () => {
    const all: Required<ShutdownModuleOptions> = {
      signals: ['SIGTERM'],
      readinessDelayMs: 1,
      drainTimeoutMs: 2,
      hookTimeoutMs: 3,
      timeoutMs: 10,
      exitCode: 0,
      timeoutExitCode: 2,
      errorExitCode: 3,
      forceExitOnSecondSignal: true,
      runtimeMode: 'test',
      runtimeModeVariable: 'APP_ENV',
      exit: false,
    };
    expect(resolveShutdownOptions(all, {})).toMatchObject({ drainTimeoutMs: 2, timeoutMs: 10, exit: false });
    expect(() => resolveShutdownOptions({ ...all, isGlobal: false } as ShutdownModuleOptions, {})).toThrow(
      /- isGlobal: unknown option here; .*write forRootAsync\(\{ isGlobal: true, useFactory \}\)\.$/,
    );
  });
});
