import {
  type CounterLike,
  type HistogramLike,
  type MeterLike,
  type MetricAttributes,
  PackageTelemetry,
  SECONDS_BUCKETS,
  PACKAGE_VERSION,
} from '@ballast/kernel';
import type { ShutdownPhase } from './shutdown.sequence.js';

/** @internal */
export interface ShutdownInstruments {
  phaseDuration: HistogramLike;
  connectionsCut: CounterLike;
}

/**
 * What the gauges report, from the last shutdown of this process (one app per process in practice): the in-flight
 * requests at the signal and the exit code, each once known. Read at each collection.
 */
const last: { inflight?: number; exitCode?: number } = {};

function createInstruments(meter: MeterLike): ShutdownInstruments {
  meter
    .createObservableGauge('ballast.shutdown.inflight_requests', {
      unit: '{request}',
      description: 'HTTP requests in progress when the shutdown began.',
    })
    .addCallback((result) => {
      if (last.inflight !== undefined) result.observe(last.inflight);
    });
  meter
    .createObservableGauge('ballast.shutdown.exit_code', {
      unit: '1',
      description: 'The exit code the shutdown ends the process with.',
    })
    .addCallback((result) => {
      if (last.exitCode !== undefined) result.observe(last.exitCode);
    });
  return {
    phaseDuration: meter.createHistogram('ballast.shutdown.phase.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
      description: 'Duration of each phase of the graceful shutdown.',
    }),
    connectionsCut: meter.createCounter('ballast.shutdown.connections_cut', {
      unit: '{connection}',
      description: 'Connections still open at the drain deadline, destroyed then.',
    }),
  };
}

/** @internal */
export const shutdownTelemetry = new PackageTelemetry('@ballast/shutdown', PACKAGE_VERSION, createInstruments);

/** Notes the requests in flight at the signal (`ballast.shutdown.inflight_requests`); undefined: no HTTP server. @internal */
export function recordInflightAtSignal(count: number | undefined): void {
  last.inflight = count;
  // Makes the gauges exist on a provider registered after boot: nothing else reads the instruments before the signal.
  void shutdownTelemetry.instruments;
}

/** Notes the exit code the shutdown decided (`ballast.shutdown.exit_code`). @internal */
export function recordExitCode(code: number): void {
  last.exitCode = code;
  void shutdownTelemetry.instruments;
}

/** Counts connections destroyed at the drain deadline. @internal */
export function recordConnectionsCut(count: number): void {
  if (count > 0) shutdownTelemetry.instruments.connectionsCut.add(count);
}

/** Phases timed on `ballast.shutdown.phase.duration`; the others (`idle`, `exit`) are not phases of the work. */
const TIMED = new Set<ShutdownPhase>(['readiness-delay', 'drain', 'hooks', 'close']);
const phaseAttributes = new Map<ShutdownPhase, MetricAttributes>([...TIMED].map((phase) => [phase, { phase }]));

/**
 * Times the phases of one shutdown: each `enter(phase)` ends the previous one and records its duration; entering
 * `exit` (the sequence ended, or the deadline gave up on it) ends the last, and nothing is recorded after. @internal
 */
export class PhaseClock {
  private phase: ShutdownPhase = 'idle';
  private startedAt = 0;

  enter(phase: ShutdownPhase): void {
    if (this.phase === 'exit') return; // The deadline ended the run; the abandoned sequence may still move on.
    const now = performance.now();
    const attributes = phaseAttributes.get(this.phase);
    if (attributes !== undefined)
      shutdownTelemetry.instruments.phaseDuration.record((now - this.startedAt) / 1000, attributes);
    this.phase = phase;
    this.startedAt = now;
  }
}
