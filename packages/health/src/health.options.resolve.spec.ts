import { getHeapStatistics } from 'node:v8';
import { resolveHealthOptions } from './health.options.resolve.js';

describe('resolveHealthOptions', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('applies defaults', () => {
    const resolved = resolveHealthOptions({});
    expect(resolved).toMatchObject({
      path: 'health',
      routing: 'adapter',
      timeoutMs: 1000,
      budgetMs: 2000,
      cacheMs: 0,
      startup: false,
      liveness: { rssBytes: false, eventLoopDelayMs: 1000, indicators: [] },
      readiness: { contributors: true, indicators: [], overrides: {} },
    });
    expect(resolved.liveness.heapUsedBytes).toBe(Math.floor(getHeapStatistics().heap_size_limit * 0.9));
  });

  it.each([
    {
      name: 'NODE_ENV=production',
      env: { NODE_ENV: 'production' },
      options: {},
      expose: false,
      why: 'NODE_ENV is "production"',
    },
    {
      name: 'NODE_ENV=development',
      env: { NODE_ENV: 'development' },
      options: {},
      expose: true,
      why: 'NODE_ENV is "development"',
    },
    { name: 'NODE_ENV=test', env: { NODE_ENV: 'test' }, options: {}, expose: true, why: 'NODE_ENV is "test"' },
    {
      name: 'NODE_ENV unset',
      env: {},
      options: {},
      expose: false,
      why: 'NODE_ENV is not set, not running in Kubernetes: details need an explicit development or test mode',
    },
    {
      name: 'NODE_ENV unset in Kubernetes',
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' },
      options: {},
      expose: false,
      why: 'KUBERNETES_SERVICE_HOST is set: running in Kubernetes',
    },
    {
      name: 'an unknown value',
      env: { NODE_ENV: 'staging' },
      options: {},
      expose: false,
      why: 'NODE_ENV is "staging", not a known spelling: treated as production',
    },
    {
      name: 'APP_ENV named',
      env: { APP_ENV: 'dev', NODE_ENV: 'production' },
      options: { runtimeModeVariable: 'APP_ENV' },
      expose: true,
      why: 'APP_ENV is "dev"',
    },
    {
      name: 'APP_ENV named, unset',
      env: { NODE_ENV: 'development' },
      options: { runtimeModeVariable: 'APP_ENV' },
      expose: false,
      why: 'APP_ENV is not set, not running in Kubernetes: details need an explicit development or test mode',
    },
    {
      name: 'an explicit mode',
      env: { NODE_ENV: 'production' },
      options: { runtimeMode: 'development' as const },
      expose: true,
      why: 'mode "development" set by the app',
    },
  ])('defaults exposeDetails with $name to $expose, and says why', ({ env, options, expose, why }) => {
    const resolved = resolveHealthOptions(options, env);
    expect(resolved.exposeDetails).toBe(expose);
    expect(resolved.derivedDefaults).toEqual([`exposeDetails ${expose} (${why})`]);
  });

  it('uses an explicit exposeDetails as is, whatever the mode, and derives nothing', () => {
    expect(resolveHealthOptions({ exposeDetails: true }, {})).toMatchObject({
      exposeDetails: true,
      derivedDefaults: [],
    });
    expect(resolveHealthOptions({ exposeDetails: false }, { NODE_ENV: 'development' })).toMatchObject({
      exposeDetails: false,
      derivedDefaults: [],
    });
  });

  it('reads process.env by default (Jest sets NODE_ENV=test)', () => {
    process.env.NODE_ENV = 'production';
    expect(resolveHealthOptions({}).exposeDetails).toBe(false);
    process.env.NODE_ENV = 'test';
    expect(resolveHealthOptions({}).exposeDetails).toBe(true);
  });

  it('refuses an invalid runtimeMode or runtimeModeVariable, naming the fix', () => {
    expect(() => resolveHealthOptions({ runtimeMode: 'dev' as never, runtimeModeVariable: '' }, {})).toThrow(
      [
        'Invalid BallastHealthModule options:',
        `- runtimeMode: must be one of 'production', 'development', 'test', got "dev". To read the mode from another environment variable, set runtimeModeVariable instead.`,
        `- runtimeModeVariable: must be an environment variable name such as 'APP_ENV', got "".`,
      ].join('\n'),
    );
  });

  it('normalises the path and gives checks the module-wide timeout and cache', () => {
    const resolved = resolveHealthOptions({
      path: '/internal/health/',
      timeoutMs: 300,
      cacheMs: 50,
      readiness: { indicators: [{ name: 'x', use: { check: () => undefined } }], database: { kind: 'typeorm' } },
    });
    expect(resolved.path).toBe('internal/health');
    expect(resolved.readiness.indicators[0]).toMatchObject({ name: 'x', critical: true, timeoutMs: 300, cacheMs: 50 });
    expect(resolved.readiness.database).toMatchObject({ name: 'database', critical: true, timeoutMs: 300 });
  });

  it("accepts routing: 'nest'", () => {
    expect(resolveHealthOptions({ routing: 'nest' }).routing).toBe('nest');
  });

  it('lists every problem at once, naming the option and the fix', () => {
    let message = '';
    try {
      resolveHealthOptions({
        path: 'he alth',
        routing: 'controller',
        timeoutMs: -1,
        exposeDetails: 'yes' as never,
        readyness: {},
        readiness: {
          database: { kind: 'mongo' as never },
          indicators: [{ name: '', use: {} as never }],
        },
        liveness: { heapUsedBytes: 0 },
      } as never);
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code: string }).code).toBe('BALLAST_HEALTH_INVALID_OPTIONS');
    }
    expect(message).toContain('Invalid BallastHealthModule options:');
    expect(message).toContain('- path: "he alth" is not a plain URL path');
    expect(message).toContain(
      "- routing: must be 'adapter' (probes beside Nest's router: no global guards, interceptors or prefix) or 'nest' (an ordinary controller), got \"controller\".",
    );
    expect(message).toContain('- timeoutMs: must be a whole number of milliseconds >= 1, got -1.');
    expect(message).toContain('- exposeDetails: must be a boolean (true or false), got "yes".');
    expect(message).toContain('- readyness: unknown option.');
    expect(message).toContain("- readiness.database.kind: must be 'typeorm' or 'prisma'");
    expect(message).toContain('- readiness.indicators[0].name: must be a non-empty string');
    expect(message).toContain('- readiness.indicators[0].use: must be a class or an object with a check() method');
    expect(message).toContain('- liveness.heapUsedBytes: must be a positive number, or false');
  });

  it('refuses two checks with the same name in one probe', () => {
    const use = { check: () => undefined };
    expect(() =>
      resolveHealthOptions({
        readiness: {
          indicators: [
            { name: 'redis', use },
            { name: 'redis', use },
          ],
        },
      }),
    ).toThrow(/readiness: two checks are named "redis"/);
  });
});
