import { metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** A reader the test pulls from (no timer): `collect()` returns what was recorded so far. */
class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One data point, flattened: a sum or gauge's `value`, or a histogram's `count`, `sum` and `boundaries`. */
export interface Point {
  name: string;
  unit: string;
  attributes: Record<string, unknown>;
  value?: number;
  count?: number;
  sum?: number;
  boundaries?: number[];
}

/**
 * A real OpenTelemetry SDK (meter and tracer providers) registered globally for one test file, as an app would start
 * it before Nest: what the packages record is read back with `points()` and `spans()`. Register it in beforeAll, before
 * the app is created; `stop()` it in afterAll. One per test file: the packages keep the instruments they made.
 */
export class TestTelemetry {
  private readonly reader = new PullReader();
  private readonly spanExporter = new InMemorySpanExporter();
  private readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  private readonly tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(this.spanExporter)],
  });

  start(): this {
    metrics.setGlobalMeterProvider(this.meterProvider);
    trace.setGlobalTracerProvider(this.tracerProvider);
    return this;
  }

  /** Every data point recorded so far, optionally of one metric. */
  async points(name?: string): Promise<Point[]> {
    const { resourceMetrics } = await this.reader.collect();
    const out: Point[] = [];
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (name !== undefined && metric.descriptor.name !== name) continue;
        for (const point of metric.dataPoints) {
          const base = { name: metric.descriptor.name, unit: metric.descriptor.unit, attributes: point.attributes };
          if (metric.dataPointType === DataPointType.HISTOGRAM) {
            const h = (metric as HistogramMetricData).dataPoints.find((p) => p === point)!.value;
            out.push({ ...base, count: h.count, sum: h.sum, boundaries: h.buckets.boundaries });
          } else {
            out.push({ ...base, value: point.value as number });
          }
        }
      }
    }
    return out;
  }

  /** Finished spans, optionally of one name. */
  spans(name?: string): ReadableSpan[] {
    return this.spanExporter.getFinishedSpans().filter((s) => name === undefined || s.name === name);
  }

  async stop(): Promise<void> {
    metrics.disable();
    trace.disable();
    await this.meterProvider.shutdown();
    await this.tracerProvider.shutdown();
  }
}
