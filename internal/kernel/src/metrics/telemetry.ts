// The slice of the OpenTelemetry API ballast records through, typed here so that no package needs
// `@opentelemetry/api` installed to build or to run: an app without OpenTelemetry pays one property read per use.

/** Attributes of one measurement (OTel semantic-convention names: `http.route`, `cache.name`…). */
export type MetricAttributes = Record<string, string | number | boolean | undefined>;

export interface HistogramLike {
  record(value: number, attributes?: MetricAttributes): void;
}
export interface CounterLike {
  add(value: number, attributes?: MetricAttributes): void;
}
export interface ObservableResultLike {
  observe(value: number, attributes?: MetricAttributes): void;
}
export interface ObservableLike {
  addCallback(callback: (result: ObservableResultLike) => void): void;
}

/** What `createHistogram` and friends take: a unit (UCUM: `s`, `{request}`), a description, bucket advice. */
export interface InstrumentOptions {
  description?: string;
  unit?: string;
  advice?: { explicitBucketBoundaries?: number[] };
}

export interface MeterLike {
  createHistogram(name: string, options?: InstrumentOptions): HistogramLike;
  createCounter(name: string, options?: InstrumentOptions): CounterLike;
  createUpDownCounter(name: string, options?: InstrumentOptions): CounterLike;
  createObservableGauge(name: string, options?: InstrumentOptions): ObservableLike;
  createObservableCounter(name: string, options?: InstrumentOptions): ObservableLike;
  createObservableUpDownCounter(name: string, options?: InstrumentOptions): ObservableLike;
}

export interface SpanLike {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: unknown): unknown;
  end(): void;
}
export interface TracerLike {
  startSpan(name: string, options?: { attributes?: MetricAttributes; kind?: number }): SpanLike;
}

/** A context of the OTel API: values by key (the active span under `Symbol.for('OpenTelemetry Context Key SPAN')`). */
export interface OtelContextLike {
  getValue(key: symbol): unknown;
}

/** The global registry `@opentelemetry/api` 1.x keeps on globalThis; an SDK registers its providers there. */
interface OtelGlobal {
  version?: string;
  metrics?: { getMeter(name: string, version?: string): MeterLike };
  trace?: { getTracer(name: string, version?: string): TracerLike };
  /** The context manager an SDK registers (`context.setGlobalContextManager`). */
  context?: { active(): OtelContextLike | undefined };
}

const OTEL_API_1 = Symbol.for('opentelemetry.js.api.1');

/**
 * The global OpenTelemetry API registry, when an app has registered a provider (`@opentelemetry/api` 1.x and an SDK),
 * else undefined: ballast records on the app's providers and never installs one. @internal
 */
export function otelGlobal(): OtelGlobal | undefined {
  const registry = (globalThis as Record<symbol, unknown>)[OTEL_API_1] as OtelGlobal | undefined;
  return registry !== undefined && registry.version?.startsWith('1.') ? registry : undefined;
}

declare const __BALLAST_PACKAGE_VERSION__: string | undefined;

/**
 * The version of the package this copy of the kernel is bundled into (set by the build: scripts/tsup-package.mjs);
 * `0.0.0-source` when run from source (tests). @internal
 */
export const PACKAGE_VERSION: string =
  typeof __BALLAST_PACKAGE_VERSION__ === 'string' ? __BALLAST_PACKAGE_VERSION__ : '0.0.0-source';

/** Span status codes of the OTel API (`SpanStatusCode`). */
export const SPAN_STATUS_ERROR = 2;

/** Exponential-ish boundaries in seconds for request and operation durations (the SDK defaults suit milliseconds). */
export const SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

const NOOP_HISTOGRAM: HistogramLike = { record: () => undefined };
const NOOP_COUNTER: CounterLike = { add: () => undefined };
const NOOP_OBSERVABLE: ObservableLike = { addCallback: () => undefined };

/** A meter that records nothing: what instruments are made from while no provider is registered. */
export const NOOP_METER: MeterLike = {
  createHistogram: () => NOOP_HISTOGRAM,
  createCounter: () => NOOP_COUNTER,
  createUpDownCounter: () => NOOP_COUNTER,
  createObservableGauge: () => NOOP_OBSERVABLE,
  createObservableCounter: () => NOOP_OBSERVABLE,
  createObservableUpDownCounter: () => NOOP_OBSERVABLE,
};

/**
 * The instruments of one package, made on the global meter provider the first time they are used after the app
 * registered one (an OTel SDK started before or after Nest), no-ops until then. `create` runs once per provider.
 * @internal
 */
export class PackageTelemetry<Instruments> {
  private real?: Instruments;
  private readonly noop: Instruments;

  constructor(
    private readonly packageName: string,
    private readonly version: string,
    private readonly create: (meter: MeterLike) => Instruments,
  ) {
    this.noop = create(NOOP_METER);
  }

  /** True once instruments record to a real provider. */
  get enabled(): boolean {
    return this.real !== undefined || otelGlobal()?.metrics !== undefined;
  }

  get instruments(): Instruments {
    if (this.real !== undefined) return this.real;
    const meter = otelGlobal()?.metrics?.getMeter(this.packageName, this.version);
    if (meter === undefined) return this.noop;
    this.real = this.create(meter);
    return this.real;
  }

  /** A tracer when the app registered a tracer provider, else undefined (no span is made). */
  tracer(): TracerLike | undefined {
    return otelGlobal()?.trace?.getTracer(this.packageName, this.version);
  }
}
