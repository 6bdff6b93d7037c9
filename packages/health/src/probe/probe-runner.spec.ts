import { HealthIndicatorService } from '@nestjs/terminus';
import { type ProbeCheck, redact, runChecks } from './probe-runner.js';

const check = (name: string, run: ProbeCheck['run'], extra: Partial<ProbeCheck> = {}): ProbeCheck => ({
  name,
  critical: true,
  timeoutMs: 1_000,
  cacheMs: 0,
  run,
  ...extra,
});

describe('runChecks', () => {
  const indicators = new HealthIndicatorService();
  const run = (checks: ProbeCheck[], budgetMs = 2_000) =>
    runChecks(indicators, checks, { probe: `spec-${Math.random()}`, budgetMs }).then((results) =>
      Object.assign({}, ...results),
    );

  it('maps outcomes to terminus statuses with a short reason', async () => {
    const result = await run([
      check('up', () => undefined),
      check('bool', () => false),
      check('reported', () => ({ up: false, details: { host: 'db.internal', status: 'ignored' } })),
      check('threw', () => Promise.reject(new Error('ECONNREFUSED'))),
      check('soft', () => ({ up: false }), { critical: false }),
      check('bad', () => ({ ok: true }) as never),
    ]);
    expect(result.up).toMatchObject({ status: 'up' });
    expect(result.bool).toMatchObject({ status: 'down', reason: 'reported-down' });
    expect(result.reported).toMatchObject({ status: 'down', reason: 'reported-down', host: 'db.internal' });
    expect(result.threw).toMatchObject({ status: 'down', reason: 'error', message: 'ECONNREFUSED' });
    expect(result.soft).toMatchObject({ status: 'degraded', reason: 'reported-down' });
    expect(result.bad).toMatchObject({ status: 'down', reason: 'error' });
  });

  it('bounds each check by its timeout (aborting its signal) and the set by the budget', async () => {
    let aborted = false;
    let cutByBudget = false;
    const started = Date.now();
    const result = await run(
      [
        check('hung', (signal) => new Promise<never>(() => signal.addEventListener('abort', () => (aborted = true))), {
          timeoutMs: 100,
        }),
        check(
          'long',
          (signal) => new Promise<never>(() => signal.addEventListener('abort', () => (cutByBudget = true))),
          { timeoutMs: 60_000 },
        ),
      ],
      400,
    );
    expect(Date.now() - started).toBeLessThan(400 + 1_500);
    expect(result.hung).toMatchObject({ status: 'down', reason: 'timeout', message: 'timeout of 100ms exceeded' });
    expect(result.long).toMatchObject({ status: 'down', reason: 'timeout', message: 'probe budget of 400ms exceeded' });
    expect(aborted).toBe(true); // the indicator can cancel its work at its timeout...
    expect(cutByBudget).toBe(true); // ...and at the probe budget
  });
});

describe('redact', () => {
  it('keeps only status and reason', () => {
    const entry = { status: 'down' as const, reason: 'error', message: 'password=hunter2', host: '10.0.0.7' };
    expect(redact({ status: 'error', info: {}, error: { db: entry }, details: { db: entry } })).toEqual({
      status: 'error',
      info: {},
      error: { db: { status: 'down', reason: 'error' } },
      details: { db: { status: 'down', reason: 'error' } },
    });
  });
});
