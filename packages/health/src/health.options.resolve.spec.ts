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
    expect(message.split('\n').slice(1)).toEqual([
      '- readyness: unknown option; did you mean readiness?',
      expect.stringMatching(/^- path: must be a plain URL path such as 'health' .*, got "he alth"\.$/),
      "- routing: must be one of 'adapter', 'nest', got \"controller\". 'adapter' serves the probes beside Nest's " +
        "router (no global guards, interceptors or prefix); 'nest' as an ordinary controller.",
      '- timeoutMs: must be an integer number of milliseconds from 1 to 4294967295, got -1.',
      '- exposeDetails: must be a boolean (true or false), got "yes".',
      '- liveness.heapUsedBytes: must be a positive number, or false to turn the check off, got 0.',
      '- readiness.indicators[0].name: must be a non-empty string, got "". It is the key of the check in the probe result.',
      expect.stringMatching(/^- readiness\.indicators\[0\]\.use: must be a class or an object with a check\(\) method/),
      "- readiness.database.kind: must be one of 'typeorm', 'prisma', got \"mongo\". For another database, register a " +
        'custom indicator in readiness.indicators.',
    ]);
  });

  it('refuses unknown options at every level, with the closest name', () => {
    expect(() =>
      resolveHealthOptions({
        liveness: { eventLoopDelay: 100 },
        readiness: {
          databse: { kind: 'typeorm' },
          disk: { treshold: 0.9 },
          indicators: [{ name: 'x', use: { check: () => undefined }, timeout: 5 }],
          overrides: { cache: { critcal: true } },
        },
        startup: { indicator: [] },
      } as never),
    ).toThrow(
      'Invalid BallastHealthModule options:\n' +
        '- liveness.eventLoopDelay: unknown option; did you mean liveness.eventLoopDelayMs?\n' +
        '- readiness.databse: unknown option; did you mean readiness.database?\n' +
        '- readiness.indicators[0].timeout: unknown option; did you mean readiness.indicators[0].timeoutMs?\n' +
        '- readiness.overrides.cache.critcal: unknown option; did you mean readiness.overrides.cache.critical?\n' +
        '- readiness.disk.treshold: unknown option; the options are readiness.disk.critical, readiness.disk.timeoutMs, ' +
        'readiness.disk.cacheMs, readiness.disk.path, readiness.disk.thresholdPercent.\n' +
        '- startup.indicator: unknown option; did you mean startup.indicators?',
    );
  });

  it('refuses isGlobal returned by a forRootAsync factory, saying where it belongs', () => {
    expect(() => resolveHealthOptions({ isGlobal: true } as never)).toThrow(
      /- isGlobal: unknown option here; .*forRootAsync\(\{ isGlobal: true, useFactory \}\)/,
    );
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

  describe('management', () => {
    const metrics = () => undefined;

    it('is off by default, with the probes on the main port', () => {
      const resolved = resolveHealthOptions({});
      expect(resolved.management).toBeUndefined();
      expect(resolved.probesOnMainPort).toBe(true);
    });

    it('resolves port, host, metrics and probesOnMainPort', () => {
      const resolved = resolveHealthOptions({
        management: { port: 9464, host: '127.0.0.1', metrics, probesOnMainPort: false },
      });
      expect(resolved.management).toEqual({ port: 9464, host: '127.0.0.1', metrics });
      expect(resolved.probesOnMainPort).toBe(false);
      expect(resolveHealthOptions({ management: { port: 0 } })).toMatchObject({
        management: { port: 0 },
        probesOnMainPort: true,
      });
    });

    it('names the option and the fix for a bad or missing port, and bad companions', () => {
      const fix = 'Pass the port the management server listens on, e.g. 9464 (0 picks a free port, for tests).';
      expect(() => resolveHealthOptions({ management: { port: 70_000 } })).toThrow(
        `- management.port: must be an integer port number from 0 to 65535, got 70000. ${fix}`,
      );
      expect(() => resolveHealthOptions({ management: { port: '9464' as never } })).toThrow(
        `- management.port: must be an integer port number from 0 to 65535, got "9464". ${fix}`,
      );
      expect(() => resolveHealthOptions({ management: {} as never })).toThrow(
        `- management.port: is required with management. ${fix}`,
      );
      let message = '';
      try {
        resolveHealthOptions({
          management: {
            port: 1.5,
            host: '',
            metrics: 'prometheus' as never,
            probesOnMainPort: 'no' as never,
            path: 'x',
          },
        } as never);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message.split('\n').slice(1)).toEqual([
        '- management.path: unknown option; the options are management.port, management.host, management.metrics, ' +
          'management.probesOnMainPort.',
        `- management.port: must be an integer port number from 0 to 65535, got 1.5. ${fix}`,
        expect.stringMatching(/^- management\.host: must be a non-empty string, got "". Pass an address/),
        expect.stringMatching(/^- management\.metrics: must be a function, got "prometheus". Pass a \(request, /),
        '- management.probesOnMainPort: must be a boolean (true or false), got "no".',
      ]);
      expect(() => resolveHealthOptions({ management: 9464 as never })).toThrow(
        /- management: must be an object, got 9464\./,
      );
    });
  });
});
