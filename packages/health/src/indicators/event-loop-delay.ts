import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { HealthCheckOutcome } from '../health.check-types.js';

/**
 * Event-loop delay over the window since the previous liveness probe (`perf_hooks.monitorEventLoopDelay`).
 * The probe answering at all proves the loop turns; the histogram says whether it turns fast enough.
 * @internal
 */
export class EventLoopDelayMonitor {
  private histogram: IntervalHistogram | undefined;

  start(): void {
    this.histogram ??= monitorEventLoopDelay({ resolution: 20 });
    this.histogram.enable();
  }

  /** Forgets what happened so far (e.g. the blocking work of bootstrap, before the app listens). */
  reset(): void {
    this.histogram?.reset();
  }

  stop(): void {
    this.histogram?.disable();
  }

  /**
   * Reads the window's p99/max (in ms), then starts a new window. Node's histogram does not record the first
   * interval after a reset, so a block that starts within `resolution` (20) ms after a probe goes unrecorded.
   */
  check(limitMs: number): HealthCheckOutcome {
    const histogram = this.histogram;
    if (!histogram || histogram.count === 0) return { up: true, details: { samples: 0 } };
    const p99 = histogram.percentile(99) / 1e6;
    const max = histogram.max / 1e6;
    histogram.reset();
    return {
      up: p99 <= limitMs,
      details: { p99Ms: round(p99), maxMs: round(max), limitMs },
    };
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
