import { REASONS } from '../health.constants.js';
import type { ProbeResult } from './probe-runner.js';

/** What a probe answers: the HTTP status and terminus's result body. */
export interface HealthProbeResponse {
  status: 200 | 503;
  /**
   * terminus's `HealthCheckResult`. A non-critical check that fails is a `degraded` entry (in `info` and `details`)
   * and makes the status `degraded` unless something failed: terminus 12 does this, and ballast does it on terminus 11.
   */
  body: {
    status: 'ok' | 'degraded' | 'error' | 'shutting_down';
    info?: ProbeResult;
    error?: ProbeResult;
    details: ProbeResult;
  };
}

/** A 503 about the app's lifecycle (not listening yet, shutting down), before any check runs. */
export function lifecycle(status: 'error' | 'shutting_down', reason: string): HealthProbeResponse {
  const entry = { lifecycle: { status: 'down' as const, reason } };
  return { status: 503, body: { status, info: {}, error: entry, details: entry } };
}

/** A 503 for a bug of ours: it must not turn into a 500 (or into a restart loop). */
export function probeFailure(error: unknown, exposeDetails: boolean): HealthProbeResponse {
  const message = error instanceof Error ? error.message : String(error);
  const entry = { probe: { status: 'down' as const, reason: REASONS.error, ...(exposeDetails && { message }) } };
  return { status: 503, body: { status: 'error', info: {}, error: entry, details: entry } };
}

/**
 * terminus 12 counts `degraded` entries as info and answers `degraded` when nothing failed. terminus 11 knows only
 * `up` and `down`: it leaves such entries out of the body and answers `ok`. This puts them back where terminus 12 has
 * them (and returns terminus 12's body as it is).
 */
export function withDegraded(body: HealthProbeResponse['body'], results: ProbeResult[]): HealthProbeResponse['body'] {
  const entries = results.flatMap((result) => Object.entries(result));
  const missing = entries.some(([key, entry]) => entry.status === 'degraded' && !(key in body.details));
  if (!missing) return body;
  const info = Object.fromEntries(entries.filter(([, entry]) => entry.status !== 'down'));
  const error = Object.fromEntries(entries.filter(([, entry]) => entry.status === 'down'));
  const status = body.status === 'ok' ? 'degraded' : body.status;
  return { status, info, error, details: { ...info, ...error } };
}

/** Re-derives a result's status from its entries (for liveness during Nest's shutdown hooks). */
export function settle(body: HealthProbeResponse['body']): HealthProbeResponse {
  const entries = Object.values(body.details);
  const failed = entries.some((entry) => entry.status === 'down');
  const degraded = entries.some((entry) => entry.status === 'degraded');
  const status = failed ? 'error' : degraded ? 'degraded' : 'ok';
  return { status: failed ? 503 : 200, body: { ...body, status } };
}
