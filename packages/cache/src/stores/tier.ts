import type { Keyv } from 'keyv';
import type { BreakerState, StoreFailureCounters } from './circuit-breaker.js';
import type { MemoryStore, StoredEntry } from './memory.store.js';
import type { L1SyncChannel } from './redis/l1-sync.js';
import type { LoadLock } from './redis/load-lock.js';

/** Result of a health round trip. */
export interface ProbeResult {
  up: boolean;
  details: Record<string, unknown>;
}

/** One level of a cache (memory, or Redis); a tiered cache has two. @internal */
export interface CacheTier {
  readonly kind: 'memory' | 'redis';
  /** The Keyv instance cache-manager (and so `CACHE_MANAGER`) uses for this tier. */
  readonly keyv: Keyv;
  /** Set for memory tiers: read synchronously on the hot path. */
  readonly memory?: MemoryStore;
  readonly counters?: StoreFailureCounters;
  readonly breaker?: BreakerState;
  /** Remote tiers: deletes and invalidations waiting for Redis to answer again. */
  readonly pendingDeletes?: number;
  /** Remote tiers of tiered caches with `l1Sync`: the channel that keeps every instance's L1 in step. */
  readonly sync?: L1SyncChannel;
  /** Remote tiers: the lock of single flight across instances. */
  readonly lock?: LoadLock;
  readEntry(key: string): Promise<StoredEntry | undefined>;
  /** Remote tiers: why the latest read of `key` answered nothing (`error`, `timeout`), else undefined. */
  readFailure?(key: string): 'error' | 'timeout' | undefined;
  /**
   * Remote tiers: the version a load's store is conditional on (read before the loader runs); undefined when Redis
   * cannot be read (the loaded value is then stored unconditionally).
   */
  fenceVersion?(key: string, tags: readonly string[]): Promise<string | undefined>;
  /** Remote tiers: stores a loaded value unless its key was invalidated since `version` (false), on any instance. */
  storeLoaded?(
    key: string,
    value: unknown,
    ttl: number | undefined,
    tags: readonly string[],
    version: string,
  ): Promise<boolean | undefined>;
  tag(key: string, tags: string[], ttl: number | undefined): Promise<void>;
  /** `null` when the tier could not tell (Redis unreachable: the invalidation is kept and replayed). */
  keysWithTags(tags: string[]): Promise<string[] | null>;
  dropTags(tags: string[]): Promise<void>;
  keysWithPrefix(prefix: string): Promise<string[]>;
  deleteKeys(keys: string[]): Promise<void>;
  probe(key: string): Promise<ProbeResult>;
  close(): Promise<void>;
  /** Remote tiers: wait (bounded) for the first connection. */
  waitUntilReady?(timeoutMs: number): Promise<boolean>;
}
