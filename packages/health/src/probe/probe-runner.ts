import type { HealthIndicatorService } from '@nestjs/terminus';
import { REASONS } from '../health.constants.js';
import { invalidCheckResult } from '../health.errors.js';
import type { HealthCheckOutcome } from '../health.check-types.js';
import { observeCheck } from '../health.telemetry.js';
import { type Attempt, attempt, type AttemptCache, eitherAborts } from './attempt.js';

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
  /** Namespaces the attempt cache, so `readiness` and `startup` checks of the same name do not share entries. */
  probe: string;
  budgetMs: number;
}

const BUDGET_EXCEEDED = Symbol('budget exceeded');

/**
 * One entry of a probe: terminus's indicator result, whose status may also be `degraded` (terminus 12 has that status;
 * on terminus 11, whose types and HealthCheckService know only `up`/`down`, `HealthProbeService` adds it). @internal
 */
export type ProbeResult = Record<string, { status: 'up' | 'degraded' | 'down'; [data: string]: any }>;

/**
 * Runs checks in parallel, each as one attempt (its own timeout + abort signal, optional cache shared by concurrent
 * probes), the whole set raced against the probe budget. Never throws: a check that throws, times out or outlives
 * the budget becomes a `down` (critical) or `degraded` (non-critical) entry.
 * @internal
 */
export async function runChecks(
  indicators: HealthIndicatorService,
  checks: ProbeCheck[],
  options: RunOptions,
): Promise<ProbeResult[]> {
  if (checks.length === 0) return [];
  let timer: NodeJS.Timeout | undefined;
  const budgetOver = new AbortController();
  const budget = new Promise<typeof BUDGET_EXCEEDED>((resolve) => {
    timer = setTimeout(() => {
      budgetOver.abort();
      resolve(BUDGET_EXCEEDED);
    }, options.budgetMs);
  });
  const cache = cacheOf(indicators);
  try {
    return await Promise.all(
      checks.map(async (check) => {
        const observation = observeCheck(check.name, options.probe);
        const settled = await Promise.race([
          attempt(
            async (signal) => normalize(await check.run(eitherAborts(signal, budgetOver.signal))),
            check.timeoutMs,
            check.cacheMs > 0
              ? { cache, key: `ballast:${options.probe}:${check.name}`, ttlMs: check.cacheMs }
              : undefined,
          ),
          budget,
        ]);
        const result = compose(indicators, check, settled, options);
        const entry = result[check.name];
        observation.end(entry?.status === 'up', entry?.message ?? entry?.reason);
        return result;
      }),
    );
  } finally {
    clearTimeout(timer);
  }
}

function compose(
  indicators: HealthIndicatorService,
  check: ProbeCheck,
  settled: Attempt<HealthCheckOutcome> | typeof BUDGET_EXCEEDED,
  options: RunOptions,
): ProbeResult {
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
    timing = { responseTime: settled.responseTime, ...(settled.cachedResponse && { cachedResponse: true }) };
    if (settled.status === 'down') {
      up = false;
      message = settled.message;
      reason = settled.timedOut ? REASONS.timeout : REASONS.error;
    } else {
      up = settled.value.up;
      details = settled.value.details ?? {};
      if (!up) reason = REASONS.down;
    }
  }
  // Full data here: the state-change log lines carry it; the body is redacted later unless `exposeDetails`.
  const data = { ...(reason && { reason }), ...(message && { message }), ...withoutReserved(details), ...timing };
  if (up) return indicators.check(check.name).up(data);
  if (check.critical) return indicators.check(check.name).down(data);
  // terminus 12's `session.degraded(data)` builds exactly this; terminus 11's session has no `degraded`.
  return { [check.name]: { ...data, status: 'degraded' } };
}

// One attempt cache per terminus HealthIndicatorService (one per app), shared by every probe of that app.
const caches = new WeakMap<HealthIndicatorService, AttemptCache>();

function cacheOf(indicators: HealthIndicatorService): AttemptCache {
  let cache = caches.get(indicators);
  if (!cache) caches.set(indicators, (cache = new Map()));
  return cache;
}

/** Keeps only `status` and `reason` of each entry: what a probe body shows without `exposeDetails`. @internal */
export function redact<T extends { info?: ProbeResult; error?: ProbeResult; details: ProbeResult }>(body: T): T {
  const strip = (entries: Record<string, any> | undefined) =>
    entries &&
    Object.fromEntries(
      Object.entries(entries).map(([key, { status, reason }]) => [key, { status, ...(reason && { reason }) }]),
    );
  return { ...body, info: strip(body.info), error: strip(body.error), details: strip(body.details) };
}

function normalize(value: HealthCheckOutcome | boolean | void): HealthCheckOutcome {
  if (value === undefined || value === null) return { up: true };
  if (typeof value === 'boolean') return { up: value };
  if (typeof value === 'object' && typeof value.up === 'boolean') {
    return { up: value.up, ...(value.details && typeof value.details === 'object' && { details: value.details }) };
  }
  throw invalidCheckResult();
}

// `status` is terminus's own key; `reason`/`message` are ours.
function withoutReserved(details: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, reason: _reason, ...rest } = details;
  return rest;
}
