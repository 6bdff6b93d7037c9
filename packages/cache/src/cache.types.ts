import type { CacheStoreKind } from './cache.options.js';
import type { BreakerState } from './stores/circuit-breaker.js';

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
  /** Misses answered by another instance's load (`loadLock`), without running the loader here. */
  peerLoads: number;
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

/** The counters a cache keeps itself (the Redis failure counters live in its circuit breaker). @internal */
export interface CacheCounters {
  hits: number;
  misses: number;
  loads: number;
  loadErrors: number;
  refreshes: number;
  staleLoads: number;
  peerLoads: number;
}
