import { Logger } from '@nestjs/common';
import { createCache, type Cache } from 'cache-manager';
import { keyLayout, type KeyLayout } from './cache.keys.js';
import { refuseRenamedCallOptions } from './cache.store-options.resolve.js';
import type { CacheStoreKind, ResolvedStoreOptions } from './cache.options.js';
import type {
  CacheCounters,
  CacheSetOptions,
  CacheStats,
  CacheWrapOptions,
  LoadOptions,
  LoadResult,
} from './cache.types.js';
import {
  type CacheInstruments,
  CacheMetrics,
  hitOrMiss,
  loadedOrHit,
  NO_INSTRUMENTS,
  observing,
} from './cache.telemetry.js';
import { buildTiers, type CacheTiers } from './core/build-tiers.js';
import { cacheStats, probeTiers } from './core/cache-report.js';
import { removePrefix, removeTags } from './core/invalidations.js';
import { CacheLoads } from './core/cache-loads.js';
import type { Flight, InFlight } from './core/in-flight.js';
import { TierReads } from './core/tier-reads.js';
import { TierWrites } from './core/tier-writes.js';
import { followL1Sync } from './core/l1-follower.js';
import { RateLimitedWarner } from './stores/rate-limited-warner.js';
import type { MemoryStore } from './stores/memory.store.js';
import type { RedisDriver } from './stores/redis/redis.driver.js';
import type { ProbeResult } from './stores/tier.js';

/**
 * One cache: get/set/del/wrap, invalidation by prefix and by tag, stampede protection, fail-open Redis.
 * The default cache is `CacheService`; named caches are injected with `@InjectCache(name)`.
 */
export class BallastCache {
  /** The cache name (`'default'` for the module-level cache). */
  readonly name: string;
  /** Where this cache keeps its values. */
  readonly store: CacheStoreKind;
  /**
   * The cache-manager 7 `Cache` over the same Keyv stores (what `CACHE_MANAGER` injects for the default cache).
   * Its Keyv stores are namespaced with this cache's prefix: `manager.get('k')` reads `<namespace>:<cache>:v:k`,
   * which is this cache's entry `k` (as is `manager.get(cache.key('k'))`).
   */
  readonly manager: Cache;
  private readonly layout: KeyLayout;
  private readonly tiers: CacheTiers;
  /** The memory level (memory, tiered), read synchronously on the hot path. */
  private readonly l1?: MemoryStore;
  private readonly counters: CacheCounters = {
    hits: 0,
    misses: 0,
    loads: 0,
    loadErrors: 0,
    refreshes: 0,
    staleLoads: 0,
    peerLoads: 0,
  };
  private readonly reads: TierReads;
  private readonly writes: TierWrites;
  private readonly loads: CacheLoads;
  private readonly metrics: CacheMetrics;

  /** @internal */
  constructor(
    namespace: string,
    private readonly options: ResolvedStoreOptions,
    logger = new Logger('BallastCache'),
    redisDriver: RedisDriver | null = null,
  ) {
    this.name = options.name;
    this.store = options.store;
    this.layout = keyLayout(namespace, options.name, options.redis?.kind === 'cluster');
    this.tiers = buildTiers(options, this.layout, logger, redisDriver);
    this.l1 = this.tiers.l1;
    const warner = new RateLimitedWarner(logger, options.warnIntervalMs);
    const metrics = (this.metrics = new CacheMetrics(options.name, options.store));
    this.reads = new TierReads(this.tiers, metrics);
    const defaults = { name: options.name, ttlMs: options.ttlMs };
    this.writes = new TierWrites(this.tiers, defaults, this.counters, warner, metrics);
    this.loads = new CacheLoads(this.tiers, this.reads, this.writes, this.counters, warner, options, metrics);
    followL1Sync(this.tiers, options, (invalidate) => this.invalidateInFlight(invalidate));
    this.manager = createCache({
      stores: this.tiers.all.map((t) => t.keyv),
      ttl: options.ttlMs > 0 ? options.ttlMs : undefined,
      cacheId: `ballast:${namespace}:${options.name}`,
    });
  }

  /** The store key of `key` in this cache (`<namespace>:<cache>:v:<key>`, namespace and cache name escaped). */
  key(key: string): string {
    return this.layout.values + key;
  }

  /** The value stored under `key`, or undefined on a miss (a failed or timed-out read is a miss). */
  get<T = unknown>(key: string): Promise<T | undefined> {
    // Without OpenTelemetry, one global lookup: no clock, no span, no closure.
    if (!observing()) return this.read<T>(key, NO_INSTRUMENTS);
    return this.metrics.observe('get', (instruments) => this.read<T>(key, instruments), hitOrMiss);
  }

  private read<T>(key: string, instruments: CacheInstruments): Promise<T | undefined> {
    const full = this.layout.values + key;
    const l1 = this.l1;
    if (l1 === undefined) {
      // Redis only: one promise chain, no async wrappers (extra hops cost pipelined throughput).
      const tier = this.tiers.remote[0];
      return tier.readEntry(full).then((entry) => {
        if (entry === undefined || entry === null) {
          this.counters.misses++;
          this.metrics.request(0, tier.readFailure?.(full) ?? 'miss', instruments);
          return undefined;
        }
        this.counters.hits++;
        this.metrics.request(0, 'hit', instruments);
        return entry.value as T;
      });
    }
    return this.getMemoryFirst<T>(full, l1, instruments);
  }

  private async getMemoryFirst<T>(
    full: string,
    l1: MemoryStore,
    instruments: CacheInstruments,
  ): Promise<T | undefined> {
    // Hot path: a synchronous LRU lookup; values were copied when written.
    const hit = l1.entry(full);
    if (hit !== undefined) {
      this.counters.hits++;
      this.metrics.request(0, 'hit', instruments);
      return hit.value as T;
    }
    this.metrics.request(0, 'miss', instruments);
    const entry = this.tiers.remote.length === 0 ? undefined : await this.reads.read(full);
    if (entry === undefined) {
      this.counters.misses++;
      return undefined;
    }
    this.counters.hits++;
    return entry.value as T;
  }

  /** Stores `value` (never `undefined`) under `key`. A failed Redis write is logged and dropped, never thrown. */
  set<T>(key: string, value: T, options: CacheSetOptions = {}): Promise<void> {
    return this.metrics.observe('set', () => this.write(key, value, options));
  }

  private async write<T>(key: string, value: T, options: CacheSetOptions): Promise<void> {
    refuseRenamedCallOptions(options, 'cache.set()');
    const full = this.key(key);
    // This value is newer than whatever a load or a read of the key in flight brings back.
    this.invalidateInFlight((f) => f.invalidateKey(full));
    await this.writes.write(full, value, options);
  }

  /**
   * Removes `key` from every level of this cache. A load of the key in flight still answers its callers but is not
   * stored; a delete that cannot reach Redis is retried when Redis answers again (meanwhile L2 reads of it miss).
   */
  del(key: string): Promise<void> {
    return this.metrics.observe('del', () => this.delete(key));
  }

  private async delete(key: string): Promise<void> {
    const full = this.key(key);
    this.invalidateInFlight((f) => f.invalidateKey(full));
    this.l1?.delete(full);
    await this.writes.pending(full);
    await Promise.all(this.tiers.all.map((t) => t.keyv.delete(full)));
  }

  /**
   * The cached value of `key`, or the loader's result (then cached). Concurrent misses of one key in this process
   * run the loader once and all get its result, or its error (errors are never cached).
   */
  async wrap<T>(key: string, loader: () => T | Promise<T>, options: CacheWrapOptions = {}): Promise<T> {
    refuseRenamedCallOptions(options, 'cache.wrap()');
    const full = this.key(key);
    if (!observing()) return (await this.loads.load(full, loader, options)).value;
    return (await this.metrics.observe('wrap', () => this.loads.load(full, loader, options), loadedOrHit)).value;
  }

  /** Removes every entry whose key starts with `prefix`; returns how many keys were removed. */
  invalidatePrefix(prefix: string): Promise<number> {
    return this.metrics.observe('invalidate', () =>
      removePrefix(this.tiers, this.writes, this.key(prefix), (i) => this.invalidateInFlight(i)),
    );
  }

  /** Removes every entry written with one of `tags`; returns how many keys were removed. */
  invalidateTags(tags: string | string[]): Promise<number> {
    return this.metrics.observe('invalidate', () =>
      removeTags(this.tiers, this.writes, Array.isArray(tags) ? tags : [tags], (i) => this.invalidateInFlight(i)),
    );
  }

  /** Removes every entry of this cache (this cache's keys only; never the rest of the Redis database). */
  async clear(): Promise<number> {
    return this.invalidatePrefix('');
  }

  /** Hit/miss/error/timeout counters since start. */
  stats(): CacheStats {
    return cacheStats(this.name, this.store, this.counters, this.tiers);
  }

  /** A real round trip (write and read of a probe key) on every level of this cache. */
  probe(): Promise<ProbeResult> {
    return probeTiers(this.store, this.tiers, this.layout.health);
  }

  /**
   * @internal Waits up to `connectTimeoutMs` for Redis at startup, so the first requests find it connected. Redis
   * absent at boot only costs this wait: the app starts, serves from the source, and Redis joins when it is back.
   */
  async connect(): Promise<void> {
    await Promise.all(this.tiers.remote.map((t) => t.waitUntilReady?.(this.options.connectTimeoutMs)));
  }

  /** @internal Closes the stores (Redis connections); called by the module on application shutdown. */
  async close(): Promise<void> {
    await Promise.all(this.tiers.all.map((t) => t.close()));
  }

  /** @internal `wrap()` that also says whether the value came from the cache (the HTTP interceptor's X-Cache). */
  load<T>(key: string, loader: () => T | Promise<T>, options: LoadOptions = {}): Promise<LoadResult<T>> {
    const full = this.key(key);
    if (!observing()) return this.loads.load(full, loader, options);
    return this.metrics.observe('wrap', () => this.loads.load(full, loader, options), loadedOrHit);
  }

  private invalidateInFlight(invalidate: (flights: InFlight<Flight>) => void): void {
    this.loads.invalidate(invalidate);
    invalidate(this.reads.flights);
  }
}
