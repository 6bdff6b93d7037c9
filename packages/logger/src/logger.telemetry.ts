import {
  type CounterLike,
  type HistogramLike,
  type MeterLike,
  type MetricAttributes,
  NOOP_METER,
  PackageTelemetry,
  SECONDS_BUCKETS,
  PACKAGE_VERSION,
  Tallies,
} from '@ballast/kernel';

/** @internal */
export interface LoggerInstruments {
  /** False while no meter provider is registered: the request hooks then skip every metric (no allocation). */
  recording: boolean;
  requestDuration: HistogramLike;
  linesDropped: CounterLike;
}

/**
 * Requests in progress by `http.request.method`, and lines written by pino level: plain counts on the hot path, read
 * by observable instruments when the SDK collects (one histogram record is a request's only SDK call). @internal
 */
export const activeRequests = new Tallies<string>();
const lines = new Tallies<number>();

function createInstruments(meter: MeterLike): LoggerInstruments {
  meter
    .createObservableUpDownCounter('http.server.active_requests', {
      unit: '{request}',
      description: 'HTTP server requests in progress.',
    })
    .addCallback(activeRequests.observe);
  meter
    .createObservableCounter('ballast.logger.lines', { unit: '{line}', description: 'Log lines written, by level.' })
    .addCallback(lines.observe);
  return {
    recording: meter !== NOOP_METER,
    requestDuration: meter.createHistogram('http.server.request.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
      description: 'Duration of HTTP server requests.',
    }),
    linesDropped: meter.createCounter('ballast.logger.lines.dropped', {
      unit: '{line}',
      description: 'Log lines lost before reaching the destination, by reason.',
    }),
  };
}

/** @internal */
export const loggerTelemetry = new PackageTelemetry('@ballast/logger', PACKAGE_VERSION, createInstruments);

/** Counts one line at pino level `level` (a number); `labels` names a custom level on first sight. @internal */
export function countLine(level: number, labels: Record<number, string>): void {
  if (!loggerTelemetry.instruments.recording) return;
  const tally = lines.get(level) ?? lines.add(level, { 'log.level': labels[level] ?? String(level) });
  tally.value++;
}

/** Why lines were lost (`reason` of `ballast.logger.lines.dropped`). @internal */
export type DropReason = 'write_error';

const dropAttributes: Record<DropReason, MetricAttributes> = { write_error: { reason: 'write_error' } };

/** Counts `count` lines lost for `reason`. @internal */
export function countDropped(count: number, reason: DropReason): void {
  if (count > 0) loggerTelemetry.instruments.linesDropped.add(count, dropAttributes[reason]);
}
