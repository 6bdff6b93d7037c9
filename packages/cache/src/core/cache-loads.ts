import type { CacheMetrics } from '../cache.telemetry.js';
import type { CacheCounters, CacheSetOptions, LoadOptions, LoadResult } from '../cache.types.js';
import type { RateLimitedWarner } from '../stores/rate-limited-warner.js';
import { copyValue } from '../stores/value-copy.js';
import type { CacheTiers } from './build-tiers.js';
import { InFlight, type Flight } from './in-flight.js';
import { planLoad, type LoadPlan } from './shared-load.js';
import type { TierReads } from './tier-reads.js';
import type { TierWrites } from './tier-writes.js';

type Loader<T> = () => T | Promise<T>;

/**
 * The loads of one cache: concurrent misses of a key share one loader call (single flight), refresh-ahead reloads
 * a key about to expire in the background, and an invalidation while a load runs keeps its result out of the cache.
 * @internal
 */
export class CacheLoads {
  /** Loads in flight: concurrent misses share one; the key stays here until Redis has the value. */
  readonly inflight = new InFlight<Flight & { promise: Promise<unknown>; loaded: boolean }>();
  readonly refreshing = new InFlight<Flight>();

  constructor(
    private readonly tiers: CacheTiers,
    private readonly reads: TierReads,
    private readonly writes: TierWrites,
    private readonly counters: CacheCounters,
    private readonly warner: RateLimitedWarner,
    private readonly settings: {
      name: string;
      protectValues: boolean;
      refreshAheadMs: number;
      loadLock: boolean;
      loadLockTtlMs: number;
      loadLockWaitMs: number;
    },
    private readonly metrics: CacheMetrics,
  ) {}

  /**
   * `wrap()` of the full key `full`: a hit (L1, else a join of the load in flight, else L2), refreshed ahead when it
   * expires soon; a miss starts the load. Also says whether the value came from the cache (the HTTP X-Cache).
   */
  async load<T>(full: string, loader: Loader<T>, options: LoadOptions): Promise<LoadResult<T>> {
    const l1 = this.tiers.l1;
    let entry = l1?.entry(full);
    if (l1 !== undefined) this.metrics.request(0, entry === undefined ? 'miss' : 'hit');
    if (entry === undefined) {
      const joined = this.join<T>(full);
      if (joined !== undefined) return joined;
      if (this.tiers.remote.length > 0) entry = await this.reads.read(full);
    }
    if (entry !== undefined) {
      this.counters.hits++;
      const window = options.refreshAheadMs ?? this.settings.refreshAheadMs;
      if (window > 0 && entry.expires !== undefined && entry.expires - Date.now() <= window) {
        this.refresh(full, loader, options);
      }
      return { value: entry.value as T, hit: true };
    }
    this.counters.misses++;
    // Another caller may have started the load while this one was reading.
    return this.join<T>(full) ?? { value: await this.start(full, loader, options), hit: false };
  }

  /** The result of the load of `full` in flight (a private copy), or undefined when none runs. */
  join<T>(full: string): Promise<{ value: T; hit: boolean }> | undefined {
    const pending = this.inflight.get(full);
    if (pending === undefined) return undefined;
    return pending.promise.then((value) => ({ value: this.ownCopy(value as T), hit: pending.loaded }));
  }

  start<T>(full: string, loader: Loader<T>, options: LoadOptions): Promise<T> {
    // Redis' fence version, read before the loader runs: its result is stored only if no instance invalidated the
    // key since (a cost on misses only; hits read the value alone).
    let version: string | undefined;
    let plan: LoadPlan = { kind: 'local' };
    let started: number | undefined;
    const promise = (async () => {
      version = await this.fenceVersion(full, options.tags);
      plan = await this.plan(full);
      if (plan.kind === 'peer') {
        this.counters.peerLoads++;
        return plan.entry.value as T;
      }
      this.counters.loads++;
      started = this.metrics.clock();
      return loader();
    })();
    const flight = this.inflight.add(full, { promise, loaded: false, stale: false, tags: options.tags ?? [] });
    // The lock is released once Redis has the value (or the load failed), so waiters find it or take over.
    const done = () => {
      this.inflight.end(full, flight);
      if (plan.kind === 'holder') void this.tiers.remote[0]?.lock?.release(full, plan.token);
    };
    promise.then(
      (value) => {
        this.metrics.loadTime(started);
        if (plan.kind === 'peer') this.metrics.load('peer');
        if (flight.stale || options.cacheIf?.(value) === false) {
          // Invalidation wins: the key was deleted (or set) while this value loaded; its callers still get it.
          if (flight.stale) this.stale();
          else if (plan.kind !== 'peer') this.metrics.load('ok');
          return done();
        }
        flight.loaded = true;
        if (plan.kind === 'peer') {
          this.backfill(full, plan.entry);
          return done();
        }
        // What is stored is taken now: the starter may change its object before Redis serialises it.
        const stored = this.ownCopy(value);
        return this.writes
          .write(full, stored, options, version)
          .then((kept) => this.metrics.load(kept ? 'ok' : 'stale'))
          .finally(done);
      },
      () => {
        this.counters.loadErrors++;
        this.metrics.loadTime(started);
        this.metrics.load('error');
        done();
      },
    );
    return promise;
  }

  /** With `loadLock`, who runs the loader across instances; else this instance. */
  private plan(full: string): Promise<LoadPlan> {
    const remote = this.tiers.remote[0];
    if (!this.settings.loadLock || remote?.lock === undefined) return Promise.resolve({ kind: 'local' });
    return planLoad(remote.lock, full, () => remote.readEntry(full), {
      lockTtlMs: this.settings.loadLockTtlMs,
      waitMs: this.settings.loadLockWaitMs,
    });
  }

  /** Puts a value another instance loaded into L1 (tiered), for its remaining lifetime. */
  private backfill(full: string, entry: { value: unknown; expires?: number }): void {
    const remaining = entry.expires === undefined ? undefined : entry.expires - Date.now();
    if (remaining === undefined || remaining > 0)
      this.tiers.l1?.set(full, { value: entry.value, expires: entry.expires });
  }

  /** Reloads `full` in the background (refresh-ahead); a failure keeps the cached value until it expires. */
  refresh<T>(full: string, loader: Loader<T>, options: CacheSetOptions): void {
    if (this.refreshing.has(full) || this.inflight.has(full)) return;
    const flight = this.refreshing.add(full, { stale: false, tags: options.tags ?? [] });
    this.counters.refreshes++;
    let version: string | undefined;
    let started: number | undefined;
    (async () => {
      version = await this.fenceVersion(full, options.tags);
      started = this.metrics.clock();
      return loader();
    })()
      .then(async (value) => {
        this.metrics.loadTime(started);
        if (flight.stale) return this.stale();
        this.metrics.load((await this.writes.write(full, value, options, version)) ? 'ok' : 'stale');
      })
      .catch((error: unknown) => {
        this.metrics.loadTime(started);
        this.metrics.load('error');
        this.warner.warn(
          `refresh:${full}`,
          `cache "${this.settings.name}": background refresh failed (${error instanceof Error ? error.message : String(error)}); the cached value is kept until it expires.`,
        );
      })
      .finally(() => this.refreshing.end(full, flight));
  }

  /** A loaded value kept out of the cache because an invalidation ran while it loaded. */
  private stale(): void {
    this.counters.staleLoads++;
    this.metrics.load('stale');
    this.metrics.request(0, 'stale');
  }

  /** Applies an invalidation to every load and refresh in flight. */
  invalidate(invalidate: (flights: InFlight<Flight>) => void): void {
    invalidate(this.inflight);
    invalidate(this.refreshing);
  }

  /** With `protectValues`, a copy for each caller that joins a load: the loader's object is its starter's alone. */
  private ownCopy<T>(value: T): T {
    return this.settings.protectValues ? copyValue(value) : value;
  }

  private async fenceVersion(full: string, tags: readonly string[] = []): Promise<string | undefined> {
    const tier = this.tiers.remote[0];
    return tier?.fenceVersion === undefined ? undefined : tier.fenceVersion(full, tags);
  }
}
