import type { HealthCheckResult, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { REASONS } from '../health.constants.js';
import type { HealthCheckOutcome } from '../health.options.js';

/** One check of a probe, whatever its origin (built-in, contributor, custom). @internal */
export interface ProbeCheck {
  name: string;
  critical: boolean;
  timeoutMs: number;
  cacheMs: number;
  run(signal: AbortSignal): Promise<HealthCheckOutcome | boolean | void> | HealthCheckOutcome | boolean | void;
}

/** @internal */
export interface RunOptions {
  /** Namespaces terminus's attempt cache, so `readiness` and `startup` checks of the same name do not share entries. */
  probe: string;
  budgetMs: number;
}

const BUDGET_EXCEEDED = Symbol('budget exceeded');

/**
 * Runs checks in parallel, each as a terminus `HealthCheckAttempt` (its own timeout + abort signal, optional
 * cache shared by concurrent probes), the whole set raced against the probe budget. Never throws: a check that
 * throws, times out or outlives the budget becomes a `down` (critical) or `degraded` (non-critical) entry.
 * @internal
 */
export async function runChecks(
  indicators: HealthIndicatorService,
  checks: ProbeCheck[],
  options: RunOptions,
): Promise<HealthIndicatorResult[]> {
  if (checks.length === 0) return [];
  let timer: NodeJS.Timeout | undefined;
  const budgetOver = new AbortController();
  const budget = new Promise<typeof BUDGET_EXCEEDED>((resolve) => {
    timer = setTimeout(() => {
      budgetOver.abort();
      resolve(BUDGET_EXCEEDED);
    }, options.budgetMs);
  });
  try {
    return await Promise.all(
      checks.map(async (check) => {
        const key = `ballast:${options.probe}:${check.name}`;
        let attempt = indicators
          .check(key)
          .attempt(async ({ signal }) => ({
            outcome: normalize(await check.run(eitherAborts(signal, budgetOver.signal))),
          }))
          .withTimeout(check.timeoutMs);
        if (check.cacheMs > 0) attempt = attempt.cacheFor(check.cacheMs);
        const settled = await Promise.race([Promise.resolve(attempt).then((result) => result[key]), budget]);
        return compose(indicators, check, settled, options);
      }),
    );
  } finally {
    clearTimeout(timer);
  }
}

function compose(
  indicators: HealthIndicatorService,
  check: ProbeCheck,
  settled: Record<string, any> | typeof BUDGET_EXCEEDED,
  options: RunOptions,
): HealthIndicatorResult {
  let up: boolean;
  let reason: string | undefined;
  let message: string | undefined;
  let details: Record<string, unknown> = {};
  let timing: Record<string, unknown> = {};
  if (settled === BUDGET_EXCEEDED) {
    up = false;
    reason = REASONS.timeout;
    message = `probe budget of ${options.budgetMs}ms exceeded`;
  } else {
    const { status, responseTime, cachedResponse, outcome, message: failure } = settled;
    timing = { responseTime, ...(cachedResponse && { cachedResponse: true }) };
    if (status === 'down') {
      up = false;
      message = typeof failure === 'string' ? failure : undefined;
      // terminus words its own timeout this way; anything else the check threw.
      reason = message === `timeout of ${check.timeoutMs}ms exceeded` ? REASONS.timeout : REASONS.error;
    } else {
      const result = outcome as HealthCheckOutcome;
      up = result.up;
      details = result.details ?? {};
      if (!up) reason = REASONS.down;
    }
  }
  // Full data here: terminus logs failures with it; the body is redacted later unless `exposeDetails`.
  const data = { ...(reason && { reason }), ...(message && { message }), ...withoutReserved(details), ...timing };
  const session = indicators.check(check.name);
  if (up) return session.up(data);
  return check.critical ? session.down(data) : session.degraded(data);
}

/** Keeps only `status` and `reason` of each entry: what a probe body shows without `exposeDetails`. @internal */
export function redact<T extends HealthCheckResult>(body: T): T {
  const strip = (entries: Record<string, any> | undefined) =>
    entries &&
    Object.fromEntries(
      Object.entries(entries).map(([key, { status, reason }]) => [key, { status, ...(reason && { reason }) }]),
    );
  return { ...body, info: strip(body.info), error: strip(body.error), details: strip(body.details) };
}

/** A signal that aborts with the first of two (the check's timeout, or the probe's budget). */
function eitherAborts(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (a.aborted) return a;
  if (b.aborted) return b;
  const controller = new AbortController();
  const abort = () => {
    a.removeEventListener('abort', abort);
    b.removeEventListener('abort', abort);
    controller.abort();
  };
  a.addEventListener('abort', abort);
  b.addEventListener('abort', abort);
  return controller.signal;
}

function normalize(value: HealthCheckOutcome | boolean | void): HealthCheckOutcome {
  if (value === undefined || value === null) return { up: true };
  if (typeof value === 'boolean') return { up: value };
  if (typeof value === 'object' && typeof value.up === 'boolean') {
    return { up: value.up, ...(value.details && typeof value.details === 'object' && { details: value.details }) };
  }
  throw new Error('check() must return { up: boolean, details? }, a boolean, or nothing');
}

// `status` is terminus's own key; `reason`/`message` are ours.
function withoutReserved(details: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, reason: _reason, ...rest } = details;
  return rest;
}
