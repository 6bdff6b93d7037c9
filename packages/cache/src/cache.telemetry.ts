import {
  type CounterLike,
  type HistogramLike,
  type MeterLike,
  type MetricAttributes,
  NOOP_METER,
  PACKAGE_VERSION,
  otelGlobal,
  PackageTelemetry,
  SECONDS_BUCKETS,
  SPAN_STATUS_ERROR,
} from '@ballast/kernel';

/** Results of `ballast.cache.requests`. @internal */
export type RequestResult = 'hit' | 'miss' | 'stale' | 'error' | 'timeout';
/** Results of `ballast.cache.loads`. @internal */
export type LoadOutcome = 'ok' | 'error' | 'peer' | 'stale';
/** Operations of `ballast.cache.operation.duration` (and spans `cache <operation>`). @internal */
export type CacheOperation = 'get' | 'set' | 'del' | 'wrap' | 'invalidate';
/** What `ballast.cache.breaker.state` reports, read at each collection. @internal */
export interface BreakerSource {
  readonly cacheName: string;
  readonly state: 'closed' | 'open' | 'half-open';
}

/** @internal */
export interface CacheInstruments {
  /** False while no meter provider is registered: callers skip their clocks. */
  recording: boolean;
  requests: CounterLike;
  duration: HistogramLike;
  loads: CounterLike;
  loadDuration: HistogramLike;
  syncLag: HistogramLike;
  syncDropped: CounterLike;
}

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
// Breakers of the Redis tiers open in this process: the gauge reads them at each collection.
const breakers = new Set<BreakerSource>();
const duration = { unit: 's', advice: { explicitBucketBoundaries: SECONDS_BUCKETS } };

function createInstruments(meter: MeterLike): CacheInstruments {
  meter
    .createObservableGauge('ballast.cache.breaker.state', {
      unit: '1',
      description: 'Circuit breaker of a Redis cache: 1 for its current state, 0 for the others.',
    })
    .addCallback((result) => {
      for (const breaker of breakers) {
        for (const state of BREAKER_STATES) {
          result.observe(breaker.state === state ? 1 : 0, { 'cache.name': breaker.cacheName, state });
        }
      }
    });
  return {
    recording: meter !== NOOP_METER,
    requests: meter.createCounter('ballast.cache.requests', {
      unit: '{request}',
      description: 'Cache reads by tier and result.',
    }),
    duration: meter.createHistogram('ballast.cache.operation.duration', {
      ...duration,
      description: 'Duration of cache operations.',
    }),
    loads: meter.createCounter('ballast.cache.loads', { unit: '{load}', description: 'Loader runs after a miss.' }),
    loadDuration: meter.createHistogram('ballast.cache.load.duration', {
      ...duration,
      description: 'Duration of loader runs.',
    }),
    syncLag: meter.createHistogram('ballast.cache.sync.lag', {
      ...duration,
      description: 'Time from the publication of an L1 invalidation to its receipt by another instance.',
    }),
    syncDropped: meter.createCounter('ballast.cache.sync.dropped', {
      unit: '{message}',
      description: 'L1 invalidations that could not be published.',
    }),
  };
}

/** @internal */
export const cacheTelemetry = new PackageTelemetry('@ballast/cache', PACKAGE_VERSION, createInstruments);

/** Instruments that record nothing, for callers that already know no provider is registered. @internal */
export const NO_INSTRUMENTS = createInstruments(NOOP_METER);

// A symbol lookup on globalThis costs a few percent of a memory hit: the hot path re-reads the registry every
// RECHECK_EVERY calls instead (a provider registered after the app started is seen within that many cache calls).
const RECHECK_EVERY = 256;
let registered = false;
let untilRecheck = 0;

/** True when an OpenTelemetry provider is registered: calls are then timed and traced. @internal */
export function observing(): boolean {
  if (--untilRecheck < 0) {
    untilRecheck = RECHECK_EVERY - 1;
    registered = otelGlobal() !== undefined;
  }
  return registered;
}

/** Reports a breaker on `ballast.cache.breaker.state` until `untrackBreaker`. @internal */
export function trackBreaker(source: BreakerSource): void {
  breakers.add(source);
}

/** @internal */
export function untrackBreaker(source: BreakerSource): void {
  breakers.delete(source);
}

const RESULTS: RequestResult[] = ['hit', 'miss', 'stale', 'error', 'timeout'];
const LOAD_OUTCOMES: LoadOutcome[] = ['ok', 'error', 'peer', 'stale'];
const OPERATIONS: CacheOperation[] = ['get', 'set', 'del', 'wrap', 'invalidate'];

/** Tier names of `cache.tier`, nearest first, by store. */
function tierNames(store: 'memory' | 'redis' | 'tiered'): string[] {
  if (store === 'memory') return ['memory'];
  if (store === 'redis') return ['redis'];
  return ['l1', 'redis'];
}

function byKey<K extends string>(keys: readonly K[], make: (key: K) => MetricAttributes): Record<K, MetricAttributes> {
  return Object.fromEntries(keys.map((key) => [key, make(key)])) as Record<K, MetricAttributes>;
}

/**
 * What one cache records, on attribute objects made once at construction: the hit path allocates nothing, and
 * with no OpenTelemetry provider registered it costs a global lookup and a no-op call.
 * @internal
 */
export class CacheMetrics {
  readonly attributes: MetricAttributes;
  private readonly requests: Record<RequestResult, MetricAttributes>[];
  private readonly operations: Record<CacheOperation, MetricAttributes>;
  private readonly loads: Record<LoadOutcome, MetricAttributes>;

  constructor(
    readonly cacheName: string,
    store: 'memory' | 'redis' | 'tiered',
  ) {
    const name = { 'cache.name': cacheName };
    this.attributes = name;
    this.requests = tierNames(store).map((tier) =>
      byKey(RESULTS, (result) => ({ ...name, 'cache.tier': tier, 'cache.result': result })),
    );
    this.operations = byKey(OPERATIONS, (operation) => ({ ...name, 'cache.operation': operation }));
    this.loads = byKey(LOAD_OUTCOMES, (result) => ({ ...name, 'cache.result': result }));
  }

  /** One read of tier `tier` (0 = nearest) and what it found; `instruments` when the caller has read them. */
  request(tier: number, result: RequestResult, instruments = cacheTelemetry.instruments): void {
    instruments.requests.add(1, this.requests[tier][result]);
  }

  /** One load's outcome: ran here (`ok`, `error`, `stale`: not stored, an invalidation won) or by a peer. */
  load(result: LoadOutcome): void {
    cacheTelemetry.instruments.loads.add(1, this.loads[result]);
  }

  /** A start time for `loadTime()`, or undefined while nothing records (no clock read). */
  clock(): number | undefined {
    return cacheTelemetry.instruments.recording ? performance.now() : undefined;
  }

  /** Records the duration of a loader run started at `startedAt` (from `clock()`). */
  loadTime(startedAt: number | undefined): void {
    if (startedAt === undefined) return;
    cacheTelemetry.instruments.loadDuration.record((performance.now() - startedAt) / 1000, this.attributes);
  }

  /**
   * Runs `call` as `operation`: timed, and in a span `cache <operation>` when a tracer provider is registered;
   * `result` names the span's `cache.result` from what the call returned. Without OpenTelemetry, `call()` alone.
   */
  observe<T>(
    operation: CacheOperation,
    call: (instruments: CacheInstruments) => Promise<T>,
    result?: (value: T) => string,
  ): Promise<T> {
    if (!observing()) return call(NO_INSTRUMENTS);
    const instruments = cacheTelemetry.instruments;
    const span = cacheTelemetry.tracer()?.startSpan(`cache ${operation}`, { attributes: this.operations[operation] });
    if (!instruments.recording && span === undefined) return call(instruments);
    const started = performance.now();
    const attributes = this.operations[operation];
    const done = () => instruments.duration.record((performance.now() - started) / 1000, attributes);
    return call(instruments).then(
      (value) => {
        done();
        if (span !== undefined) {
          if (result !== undefined) span.setAttribute('cache.result', result(value));
          span.end();
        }
        return value;
      },
      (error: unknown) => {
        done();
        if (span !== undefined) {
          span.recordException(error);
          span.setStatus({ code: SPAN_STATUS_ERROR, message: error instanceof Error ? error.message : String(error) });
          span.end();
        }
        throw error;
      },
    );
  }
}

/** `cache.result` of a get span. @internal */
export function hitOrMiss(value: unknown): string {
  return value === undefined ? 'miss' : 'hit';
}

/** `cache.result` of a wrap span. @internal */
export function loadedOrHit(result: { hit: boolean }): string {
  return result.hit ? 'hit' : 'miss';
}
