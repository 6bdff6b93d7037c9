import {
  type HistogramLike,
  type MeterLike,
  type MetricAttributes,
  NOOP_METER,
  PACKAGE_VERSION,
  PackageTelemetry,
  SECONDS_BUCKETS,
  SPAN_STATUS_ERROR,
} from '@ballast/kernel';

/** `probe` attribute of the health metrics (OTel/Kubernetes wording), by probe route. @internal */
export const PROBE_NAMES = { live: 'liveness', ready: 'readiness', startup: 'startup' } as const;
/** @internal */
export type ProbeRoute = keyof typeof PROBE_NAMES;

/** What the gauges of one app report, read at each collection. @internal */
export interface HealthGaugeSource {
  /** Last status of each check by probe: 1 up, 0 down (degraded included). */
  checks(): Iterable<[MetricAttributes, number]>;
  /** State of each probe that ran (and readiness once shutdown began): 1 ok, 0 failing. */
  probes(): Iterable<[MetricAttributes, number]>;
}

interface HealthInstruments {
  recording: boolean;
  checkDuration: HistogramLike;
}

// One source per HealthProbeService (one per app) alive in this process.
const sources = new Set<HealthGaugeSource>();

/** @internal */
export const healthTelemetry = new PackageTelemetry<HealthInstruments>(
  '@ballast/health',
  PACKAGE_VERSION,
  (meter: MeterLike) => {
    meter
      .createObservableGauge('ballast.health.check.status', {
        unit: '1',
        description: 'Last result of a health check: 1 up, 0 down.',
      })
      .addCallback((result) => {
        for (const source of sources)
          for (const [attributes, value] of source.checks()) result.observe(value, attributes);
      });
    meter
      .createObservableGauge('ballast.health.probe.state', {
        unit: '1',
        description: 'State of a probe: 1 ok, 0 failing (readiness is 0 from the start of shutdown).',
      })
      .addCallback((result) => {
        for (const source of sources)
          for (const [attributes, value] of source.probes()) result.observe(value, attributes);
      });
    return {
      recording: meter !== NOOP_METER,
      checkDuration: meter.createHistogram('ballast.health.check.duration', {
        unit: 's',
        description: 'Duration of a health check run.',
        advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
      }),
    };
  },
);

/** Reports `source` on the gauges until `untrackHealth`. @internal */
export function trackHealth(source: HealthGaugeSource): void {
  sources.add(source);
  // Makes the gauges once a provider is registered, so they are collected before the first probe.
  void healthTelemetry.instruments;
}

/** @internal */
export function untrackHealth(source: HealthGaugeSource): void {
  sources.delete(source);
}

/** A check run in progress: its duration and span, ended with its outcome by `end()`. @internal */
export interface CheckObservation {
  end(up: boolean, failure?: string): void;
}

const NOT_OBSERVED: CheckObservation = { end: () => undefined };

/**
 * Starts observing one check run: a duration on `ballast.health.check.duration` and a span `health check <name>`
 * when providers are registered; nothing (and no clock) otherwise.
 * @internal
 */
export function observeCheck(check: string, probe: string): CheckObservation {
  const instruments = healthTelemetry.instruments;
  const attributes = { check, probe: PROBE_NAMES[probe as ProbeRoute] ?? probe };
  const span = healthTelemetry.tracer()?.startSpan(`health check ${check}`, { attributes });
  if (!instruments.recording && span === undefined) return NOT_OBSERVED;
  const started = performance.now();
  return {
    end(up, failure) {
      instruments.checkDuration.record((performance.now() - started) / 1000, attributes);
      if (span === undefined) return;
      span.setAttribute('health.status', up ? 'up' : 'down');
      if (!up) span.setStatus({ code: SPAN_STATUS_ERROR, ...(failure && { message: failure }) });
      span.end();
    },
  };
}

/**
 * The state the gauges of one app read: the last status of each check and of each probe. Readiness reads 0 from
 * the start of shutdown whatever its last run said.
 * @internal
 */
export class HealthGauges implements HealthGaugeSource {
  private readonly checkStates = new Map<string, [MetricAttributes, number]>();
  private readonly probeStates = new Map<ProbeRoute, number>();

  constructor(private readonly shuttingDown: () => boolean) {}

  /** Records the outcome of a probe run: `up` per check name, `ok` for the probe. */
  record(probe: ProbeRoute, checks: Iterable<[string, boolean]>, ok: boolean): void {
    this.probeStates.set(probe, ok ? 1 : 0);
    for (const [check, up] of checks) {
      const key = `${probe}\u0000${check}`;
      const known = this.checkStates.get(key);
      if (known) known[1] = up ? 1 : 0;
      else this.checkStates.set(key, [{ check, probe: PROBE_NAMES[probe] }, up ? 1 : 0]);
    }
  }

  checks(): Iterable<[MetricAttributes, number]> {
    return this.checkStates.values();
  }

  *probes(): Iterable<[MetricAttributes, number]> {
    const shuttingDown = this.shuttingDown();
    for (const probe of ['live', 'ready', 'startup'] as const) {
      const state = probe === 'ready' && shuttingDown ? 0 : this.probeStates.get(probe);
      if (state !== undefined) yield [{ probe: PROBE_NAMES[probe] }, state];
    }
  }
}
