import {
  type CounterLike,
  type HistogramLike,
  type MeterLike,
  type MetricAttributes,
  NOOP_METER,
  PackageTelemetry,
  SECONDS_BUCKETS,
  PACKAGE_VERSION,
} from '@ballast/kernel';

/** @internal */
export interface LoggerInstruments {
  /** False while no meter provider is registered: the request hooks then skip every metric (no allocation). */
  recording: boolean;
  requestDuration: HistogramLike;
  activeRequests: CounterLike;
  lines: CounterLike;
  linesDropped: CounterLike;
}

function createInstruments(meter: MeterLike): LoggerInstruments {
  return {
    recording: meter !== NOOP_METER,
    requestDuration: meter.createHistogram('http.server.request.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
      description: 'Duration of HTTP server requests.',
    }),
    activeRequests: meter.createUpDownCounter('http.server.active_requests', {
      unit: '{request}',
      description: 'HTTP server requests in progress.',
    }),
    lines: meter.createCounter('ballast.logger.lines', { unit: '{line}', description: 'Log lines written, by level.' }),
    linesDropped: meter.createCounter('ballast.logger.lines.dropped', {
      unit: '{line}',
      description: 'Log lines lost before reaching the destination, by reason.',
    }),
  };
}

/** @internal */
export const loggerTelemetry = new PackageTelemetry('@ballast/logger', PACKAGE_VERSION, createInstruments);

// One attribute object per level, made once: counting a line allocates nothing.
const levelAttributes = new Map<number, MetricAttributes>();

/** Counts one line at pino level `level` (a number); `label` names a custom level on first sight. @internal */
export function countLine(level: number, labels: Record<number, string>): void {
  const instruments = loggerTelemetry.instruments;
  if (!instruments.recording) return;
  let attributes = levelAttributes.get(level);
  if (attributes === undefined) {
    attributes = { 'log.level': labels[level] ?? String(level) };
    levelAttributes.set(level, attributes);
  }
  instruments.lines.add(1, attributes);
}

/** Why lines were lost (`reason` of `ballast.logger.lines.dropped`). @internal */
export type DropReason = 'write_error';

const dropAttributes: Record<DropReason, MetricAttributes> = { write_error: { reason: 'write_error' } };

/** Counts `count` lines lost for `reason`. @internal */
export function countDropped(count: number, reason: DropReason): void {
  if (count > 0) loggerTelemetry.instruments.linesDropped.add(count, dropAttributes[reason]);
}
