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
      timeoutMs: 1000,
      budgetMs: 2000,
      cacheMs: 0,
      startup: false,
      liveness: { rssBytes: false, eventLoopDelayMs: 1000, indicators: [] },
      readiness: { contributors: true, indicators: [], overrides: {} },
    });
    expect(resolved.liveness.heapUsedBytes).toBe(Math.floor(getHeapStatistics().heap_size_limit * 0.9));
  });

  it('hides details in production by default, shows them elsewhere', () => {
    process.env.NODE_ENV = 'production';
    expect(resolveHealthOptions({}).exposeDetails).toBe(false);
    expect(resolveHealthOptions({ exposeDetails: true }).exposeDetails).toBe(true);
    process.env.NODE_ENV = 'development';
    expect(resolveHealthOptions({}).exposeDetails).toBe(true);
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

  it('lists every problem at once, naming the option and the fix', () => {
    let message = '';
    try {
      resolveHealthOptions({
        path: 'he alth',
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
