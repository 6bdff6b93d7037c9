import { Logger } from '@nestjs/common';
import { createCache, type Cache } from 'cache-manager';
import { redisDriverMissing } from './cache.errors.js';
import { keyLayout, type KeyLayout } from './cache.keys.js';
import { refuseRenamedCallOptions } from './cache.options.resolve.js';
import { InFlight, type Flight } from './in-flight.js';
import type { CacheStoreKind, ResolvedStoreOptions } from './cache.options.js';
import type { BreakerState } from './stores/circuit-breaker.js';
import { RateLimitedWarner } from './stores/rate-limited-warner.js';
import type { MemoryStore, StoredEntry } from './stores/memory.store.js';
import { MemoryTier } from './stores/memory.tier.js';
import { copyValue } from './stores/value-copy.js';
import type { RedisDriver } from './stores/redis.driver.js';
import { RedisTier } from './stores/redis.tier.js';
import type { CacheTier, ProbeResult } from './stores/tier.js';

/** Options of one write. */
export interface CacheSetOptions {
  /** Time to live in milliseconds; `0` keeps the entry until evicted. @default the cache's `ttlMs` */
  ttlMs?: number;
  /** Tags to invalidate this entry by, with `invalidateTags()`. @default [] */
  tags?: string[];
}

/** Options of `wrap()`. */
export interface CacheWrapOptions extends CacheSetOptions {
  /** Refresh-ahead window for this call, in milliseconds. @default the cache's `refreshAheadMs` */
  refreshAheadMs?: number;
}

/** Counters of one cache since the app started, readable from code (`cache.stats()`). */
export interface CacheStats {
  name: string;
  store: CacheStoreKind;
  /** Reads that found a value. */
  hits: number;
  /** Reads that found nothing (including reads that failed or timed out: fail-open). */
  misses: number;
  /** Calls of a `wrap()` loader (concurrent misses of one key count once). */
  loads: number;
  /** Loader calls that threw (never cached). */
  loadErrors: number;
  /** Background refreshes started by refresh-ahead. */
  refreshes: number;
  /** Redis operations that failed with an error. */
  errors: number;
  /** Redis operations that gave up after `opTimeoutMs`. */
  timeouts: number;
  /** Redis operations not attempted (breaker open or client reconnecting). */
  skipped: number;
  /** Loaded values answered but not stored because their key was invalidated (or set) while they loaded. */
  staleLoads: number;
  /** Deletes and invalidations that could not reach Redis yet; replayed when it answers again. */
  pendingDeletes: number;
  /** State of the Redis circuit breaker (`'closed'` for a memory cache). */
  circuit: BreakerState;
  /** Entries in this process's memory store (L1 for tiered). */
  memoryEntries: number;
}

/** @internal */
export interface LoadOptions extends CacheWrapOptions {
  /** Returns false for a loaded value that must be answered but not cached (e.g. a stream). */
  cacheIf?: (value: unknown) => boolean;
}

/** @internal */
export interface LoadResult<T> {
  value: T;
  hit: boolean;
}

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
  private readonly tiers: CacheTier[];
  private readonly remote: CacheTier[];
  private readonly l1?: MemoryStore;
  private readonly ttlMs: number;
  private readonly refreshAheadMs: number;
  /** Loads in flight: concurrent misses share one; an invalidation meanwhile keeps its result out of the cache. */
  private readonly inflight = new InFlight<Flight & { promise: Promise<unknown>; loaded: boolean }>();
  private readonly refreshing = new InFlight<Flight>();
  /** L2 reads in flight (tiered): an invalidation meanwhile keeps their result out of L1. */
  private readonly remoteReads = new InFlight<Flight & { readers: number }>();
  /** Redis writes not yet acknowledged, by key: an eviction waits for them so it cannot be overtaken. */
  private readonly pendingWrites = new Map<string, Promise<void>>();
  private readonly warner: RateLimitedWarner;
  private readonly counters = { hits: 0, misses: 0, loads: 0, loadErrors: 0, refreshes: 0, staleLoads: 0 };

  /** @internal */
  constructor(
    namespace: string,
    private readonly options: ResolvedStoreOptions,
    private readonly logger = new Logger('BallastCache'),
    redisDriver: RedisDriver | null = null,
  ) {
    this.name = options.name;
    this.store = options.store;
    this.ttlMs = options.ttlMs;
    this.refreshAheadMs = options.refreshAheadMs;
    this.layout = keyLayout(namespace, options.name);
    this.warner = new RateLimitedWarner(logger, options.warnIntervalMs);
    const label = `cache "${options.name}"`;
    const tiers: CacheTier[] = [];
    if (options.store !== 'redis') {
      tiers.push(
        new MemoryTier(
          {
            max: options.max,
            protectValues: options.protectValues,
            maxTtl: options.store === 'tiered' ? options.l1TtlMs : undefined,
          },
          this.layout.values.slice(0, -1),
        ),
      );
    }
    if (options.store !== 'memory') {
      // The module loads the driver whenever a cache uses Redis; its absence here is a bug, not a user error.
      if (!redisDriver) throw redisDriverMissing(options.name);
      tiers.push(
        new RedisTier({
          driver: redisDriver,
          url: options.url!,
          label,
          layout: this.layout,
          opTimeout: options.opTimeoutMs,
          connectTimeout: options.connectTimeoutMs,
          breakerThreshold: options.breakerThreshold,
          breakerResetMs: options.breakerResetMs,
          warnIntervalMs: options.warnIntervalMs,
          logger,
        }),
      );
    }
    this.tiers = tiers;
    this.remote = tiers.filter((t) => t.kind === 'redis');
    this.l1 = tiers[0].memory;
    this.manager = createCache({
      stores: tiers.map((t) => t.keyv),
      ttl: this.ttlMs > 0 ? this.ttlMs : undefined,
      cacheId: `ballast:${namespace}:${options.name}`,
    });
  }

  /** The store key of `key` in this cache (`<namespace>:<cache>:v:<key>`, namespace and cache name escaped). */
  key(key: string): string {
    return this.layout.values + key;
  }

  /** The value stored under `key`, or undefined on a miss (a failed or timed-out read is a miss). */
  get<T = unknown>(key: string): Promise<T | undefined> {
    const full = this.layout.values + key;
    const l1 = this.l1;
    if (l1 === undefined) {
      // Redis only: one promise chain, no async wrappers (extra hops cost pipelined throughput).
      return this.remote[0].readEntry(full).then((entry) => {
        if (entry === undefined || entry === null) {
          this.counters.misses++;
          return undefined;
        }
        this.counters.hits++;
        return entry.value as T;
      });
    }
    return this.getMemoryFirst<T>(full, l1);
  }

  private async getMemoryFirst<T>(full: string, l1: MemoryStore): Promise<T | undefined> {
    // Hot path: a synchronous LRU lookup; values were copied and frozen when written.
    const hit = l1.entry(full);
    if (hit !== undefined) {
      this.counters.hits++;
      return hit.value as T;
    }
    if (this.remote.length === 0) {
      this.counters.misses++;
      return undefined;
    }
    const entry = await this.readRemote(full);
    if (entry === undefined) {
      this.counters.misses++;
      return undefined;
    }
    this.counters.hits++;
    return entry.value as T;
  }

  /** Stores `value` (never `undefined`) under `key`. A failed Redis write is logged and dropped, never thrown. */
  async set<T>(key: string, value: T, options: CacheSetOptions = {}): Promise<void> {
    refuseRenamedCallOptions(options, 'cache.set()');
    const full = this.key(key);
    // This value is newer than whatever a load or a read of the key in flight brings back.
    this.invalidateInFlight((f) => f.invalidateKey(full));
    await this.write(full, value, options);
  }

  /**
   * Removes `key` from every level of this cache. A load of the key in flight still answers its callers but is not
   * stored; a delete that cannot reach Redis is retried when Redis answers again (meanwhile L2 reads of it miss).
   */
  async del(key: string): Promise<void> {
    const full = this.key(key);
    this.invalidateInFlight((f) => f.invalidateKey(full));
    this.l1?.delete(full);
    await this.pendingWrites.get(full);
    await Promise.all(this.tiers.map((t) => t.keyv.delete(full)));
  }

  /**
   * The cached value of `key`, or the loader's result (then cached). Concurrent misses of one key in this process
   * run the loader once and all get its result, or its error (errors are never cached).
   */
  async wrap<T>(key: string, loader: () => T | Promise<T>, options: CacheWrapOptions = {}): Promise<T> {
    refuseRenamedCallOptions(options, 'cache.wrap()');
    return (await this.load(key, loader, options)).value;
  }

  /** Removes every entry whose key starts with `prefix`; returns how many keys were removed. */
  async invalidatePrefix(prefix: string): Promise<number> {
    const full = this.key(prefix);
    this.invalidateInFlight((f) => f.invalidatePrefix(full));
    await this.settlePendingWrites();
    const keys = new Set<string>();
    for (const tier of this.tiers) for (const key of await tier.keysWithPrefix(full)) keys.add(key);
    await this.deleteEverywhere([...keys]);
    return keys.size;
  }

  /** Removes every entry written with one of `tags`; returns how many keys were removed. */
  async invalidateTags(tags: string | string[]): Promise<number> {
    const list = Array.isArray(tags) ? tags : [tags];
    this.invalidateInFlight((f) => f.invalidateTags(list));
    await this.settlePendingWrites();
    const keys = new Set<string>();
    let unknown = false;
    for (const tier of this.tiers) {
      const found = await tier.keysWithTags(list);
      if (found === null) unknown = true;
      else for (const key of found) keys.add(key);
    }
    // Redis could not name the tagged keys, and L1 entries read from Redis carry no tags: empty L1 (tiered).
    if (unknown && this.remote.length > 0) this.l1?.clear();
    await this.deleteEverywhere([...keys]);
    await Promise.all(this.tiers.map((t) => t.dropTags(list)));
    return keys.size;
  }

  /** Removes every entry of this cache (this cache's keys only; never the rest of the Redis database). */
  async clear(): Promise<number> {
    return this.invalidatePrefix('');
  }

  /** Hit/miss/error/timeout counters since start. */
  stats(): CacheStats {
    const remote = this.remote[0];
    return {
      name: this.name,
      store: this.store,
      ...this.counters,
      errors: remote?.counters?.errors ?? 0,
      timeouts: remote?.counters?.timeouts ?? 0,
      skipped: remote?.counters?.skipped ?? 0,
      pendingDeletes: remote?.pendingDeletes ?? 0,
      circuit: remote?.breaker ?? 'closed',
      memoryEntries: this.l1?.size ?? 0,
    };
  }

  /** A real round trip (write and read of a probe key) on every level of this cache. */
  async probe(): Promise<ProbeResult> {
    const results = await Promise.all(this.tiers.map((t) => t.probe(this.layout.health)));
    const details: Record<string, unknown> = { store: this.store };
    if (results.length === 1) Object.assign(details, results[0].details);
    else results.forEach((r, i) => (details[i === 0 ? 'l1' : 'l2'] = r.details));
    return { up: results.every((r) => r.up), details };
  }

  /**
   * @internal Waits up to `connectTimeoutMs` for Redis at startup, so the first requests find it connected. Redis
   * absent at boot only costs this wait: the app starts, serves from the source, and Redis joins when it is back.
   */
  async connect(): Promise<void> {
    await Promise.all(this.remote.map((t) => t.waitUntilReady?.(this.options.connectTimeoutMs)));
  }

  /** @internal Closes the stores (Redis connections); called by the module on application shutdown. */
  async close(): Promise<void> {
    await Promise.all(this.tiers.map((t) => t.close()));
  }

  /** @internal `wrap()` that also says whether the value came from the cache (the HTTP interceptor's X-Cache). */
  async load<T>(key: string, loader: () => T | Promise<T>, options: LoadOptions = {}): Promise<LoadResult<T>> {
    const full = this.key(key);
    let entry = this.l1?.entry(full);
    if (entry === undefined) {
      const pending = this.inflight.get(full);
      if (pending !== undefined) return { value: this.ownCopy((await pending.promise) as T), hit: pending.loaded };
      if (this.remote.length > 0) entry = await this.readRemote(full);
    }
    if (entry !== undefined) {
      this.counters.hits++;
      const window = options.refreshAheadMs ?? this.refreshAheadMs;
      if (window > 0 && entry.expires !== undefined && entry.expires - Date.now() <= window) {
        this.refresh(full, loader, options);
      }
      return { value: entry.value as T, hit: true };
    }
    this.counters.misses++;
    // Another caller may have started the load while this one was reading.
    const pending = this.inflight.get(full);
    if (pending !== undefined) return { value: this.ownCopy((await pending.promise) as T), hit: pending.loaded };
    return { value: await this.startLoad(full, loader, options), hit: false };
  }

  /** With `protectValues`, a copy for each caller that joins a load: the loader's object is its starter's alone. */
  private ownCopy<T>(value: T): T {
    return this.options.protectValues ? copyValue(value) : value;
  }

  private startLoad<T>(full: string, loader: () => T | Promise<T>, options: LoadOptions): Promise<T> {
    this.counters.loads++;
    // Redis' fence version, read before the loader runs: its result is stored only if no instance invalidated the
    // key since (a cost on misses only; hits read the value alone).
    let version: string | undefined;
    const promise = (async () => {
      version = await this.fenceVersion(full, options.tags);
      return loader();
    })();
    const flight = this.inflight.add(full, { promise, loaded: false, stale: false, tags: options.tags ?? [] });
    promise.then(
      // The key stays "in flight" until Redis has it, so callers arriving meanwhile share the result (as a hit).
      (value) => {
        if (flight.stale || options.cacheIf?.(value) === false) {
          // Invalidation wins: the key was deleted (or set) while this value loaded; its callers still get it.
          if (flight.stale) this.counters.staleLoads++;
          this.inflight.end(full, flight);
          return;
        }
        flight.loaded = true;
        // What is stored is taken now: the starter may change its object before Redis serialises it.
        const stored = this.ownCopy(value);
        return this.write(full, stored, options, version).finally(() => this.inflight.end(full, flight));
      },
      () => {
        this.counters.loadErrors++;
        this.inflight.end(full, flight);
      },
    );
    return promise;
  }

  private refresh<T>(full: string, loader: () => T | Promise<T>, options: CacheSetOptions): void {
    if (this.refreshing.has(full) || this.inflight.has(full)) return;
    const flight = this.refreshing.add(full, { stale: false, tags: options.tags ?? [] });
    this.counters.refreshes++;
    let version: string | undefined;
    (async () => {
      version = await this.fenceVersion(full, options.tags);
      return loader();
    })()
      .then((value) => {
        if (!flight.stale) return this.write(full, value, options, version);
        this.counters.staleLoads++;
      })
      .catch((error: unknown) =>
        this.warner.warn(
          `refresh:${full}`,
          `cache "${this.name}": background refresh failed (${error instanceof Error ? error.message : String(error)}); the cached value is kept until it expires.`,
        ),
      )
      .finally(() => this.refreshing.end(full, flight));
  }

  private async readRemote(full: string): Promise<StoredEntry | undefined> {
    if (this.l1 === undefined) return this.readTiers(full);
    let read = this.remoteReads.get(full);
    if (read === undefined) read = this.remoteReads.add(full, { stale: false, readers: 0 });
    read.readers++;
    try {
      return await this.readTiers(full, read);
    } finally {
      if (--read.readers === 0) this.remoteReads.end(full, read);
    }
  }

  private async readTiers(full: string, read?: Flight): Promise<StoredEntry | undefined> {
    for (const tier of this.remote) {
      const entry = await tier.readEntry(full);
      if (entry !== undefined && entry !== null) {
        // No backfill of a value read before an invalidation (or a set) of its key that ran meanwhile.
        if (this.l1 !== undefined && read?.stale === false) {
          // Backfill L1 with the remaining lifetime (the memory store caps it at l1TtlMs).
          const remaining = entry.expires === undefined ? undefined : entry.expires - Date.now();
          if (remaining === undefined || remaining > 0) {
            this.l1.set(full, { value: entry.value, expires: entry.expires });
          }
        }
        return entry;
      }
    }
    return undefined;
  }

  private async fenceVersion(full: string, tags: readonly string[] = []): Promise<string | undefined> {
    const tier = this.remote[0];
    return tier?.fenceVersion === undefined ? undefined : tier.fenceVersion(full, tags);
  }

  /**
   * Writes to every level: memory synchronously (so a read right after sees it), then Redis under the op timeout.
   * The returned promise settles when Redis has the value (or gave up); it never rejects.
   */
  private write(full: string, value: unknown, options: CacheSetOptions, version?: string): Promise<void> {
    if (value === undefined) return Promise.resolve();
    const ttl = options.ttlMs ?? this.ttlMs;
    const expires = ttl > 0 ? Date.now() + ttl : undefined;
    const tags = options.tags ?? [];
    if (this.l1 !== undefined) {
      try {
        this.l1.set(full, { value, expires });
        if (tags.length > 0 && this.remote.length === 0) this.l1.tag(full, tags);
      } catch (error) {
        this.warner.warn(
          'copy',
          `cache "${this.name}": a value could not be copied into the memory store (${error instanceof Error ? error.message : String(error)}); it was not cached.`,
        );
        return Promise.resolve();
      }
    }
    if (this.remote.length === 0) return Promise.resolve();
    const previous = this.pendingWrites.get(full);
    const written: Promise<void> = (previous ?? Promise.resolve())
      .then(() =>
        Promise.all(
          this.remote.map(async (tier) => {
            if (version !== undefined && tier.storeLoaded) {
              // A loaded value: stored only if no instance invalidated the key since the load's read.
              if ((await tier.storeLoaded(full, value, ttl > 0 ? ttl : undefined, tags, version)) === false) {
                this.counters.staleLoads++;
                this.l1?.delete(full);
                return;
              }
            } else {
              await tier.keyv.set(full, value, ttl > 0 ? ttl : undefined);
            }
            await tier.tag(full, tags, ttl > 0 ? ttl : undefined);
          }),
        ),
      )
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        if (this.pendingWrites.get(full) === written) this.pendingWrites.delete(full);
      });
    this.pendingWrites.set(full, written);
    return written;
  }

  private async settlePendingWrites(): Promise<void> {
    if (this.pendingWrites.size > 0) await Promise.all([...this.pendingWrites.values()]);
  }

  private invalidateInFlight(invalidate: (flights: InFlight<Flight>) => void): void {
    invalidate(this.inflight);
    invalidate(this.refreshing);
    invalidate(this.remoteReads);
  }

  private async deleteEverywhere(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await Promise.all(this.tiers.map((t) => t.deleteKeys(keys)));
  }
}
