import type { Logger } from '@nestjs/common';
import { Keyv } from 'keyv';
import type { KeyLayout } from '../../cache.keys.js';
import { type BreakerSource, trackBreaker, untrackBreaker } from '../../cache.telemetry.js';
import type { RedisTarget } from '../../cache.topology.js';
import { CircuitBreaker } from '../circuit-breaker.js';
import type { StoredEntry } from '../memory.store.js';
import { RateLimitedWarner } from '../rate-limited-warner.js';
import type { CacheTier, ProbeResult } from '../tier.js';
import { DeleteReplay } from './delete-replay.js';
import { guardedKeyvStore } from './guarded-store.js';
import { L1SyncChannel } from './l1-sync.js';
import { LoadLock } from './load-lock.js';
import { LoadFence, STORE_IF_UNCHANGED } from './load-fence.js';
import { RedisConnection } from './redis.connection.js';
import type { RedisDriver } from './redis.driver.js';
import { BATCH, FAILED, RedisKeyspace } from './redis.keyspace.js';
import { probeRedis } from './redis.probe.js';
import { ReadFailures } from './read-failures.js';
import { SharedReads } from './shared-reads.js';

/** @internal */
export interface RedisTierOptions {
  /** The cache's name (`cache.name` of its metrics). */
  name: string;
  /** Where Redis is: a URL, a cluster or a sentinel group. */
  target: RedisTarget;
  label: string;
  layout: KeyLayout;
  opTimeoutMs: number;
  connectTimeoutMs: number;
  breakerThreshold: number;
  breakerResetMs: number;
  warnIntervalMs: number;
  /** Open the L1 sync channel (tiered caches with `l1Sync`). */
  l1Sync: boolean;
  logger: Logger;
  /** `@keyv/redis`, loaded by the module only when a cache uses Redis. */
  driver: RedisDriver;
}

/**
 * Redis level of a cache: node-redis wrapped by `@keyv/redis` for Keyv and cache-manager, every call fenced by a
 * {@link CircuitBreaker}, deletes that cannot reach Redis replayed when it is back.
 * @internal
 */
export class RedisTier implements CacheTier {
  readonly kind = 'redis' as const;
  readonly keyv: Keyv;
  readonly connection: RedisConnection;
  private readonly guard: CircuitBreaker;
  private readonly reads = new SharedReads();
  private readonly failures = new ReadFailures();
  private readonly breakerSource: BreakerSource;
  private readonly keyspace: RedisKeyspace;
  private readonly replay: DeleteReplay;
  /** Pub/sub of this cache's invalidations to the other instances' L1 (tiered caches). */
  readonly sync?: L1SyncChannel;
  /** The lock of single flight across instances (`loadLock`). */
  readonly lock: LoadLock;

  constructor(private readonly options: RedisTierOptions) {
    const warner = new RateLimitedWarner(options.logger, options.warnIntervalMs);
    this.connection = new RedisConnection(options.driver, options.target, options.connectTimeoutMs);
    this.guard = new CircuitBreaker({
      opTimeout: options.opTimeoutMs,
      threshold: options.breakerThreshold,
      resetMs: options.breakerResetMs,
      label: options.label,
      warner,
      logger: options.logger,
      isReady: () => this.connection.isReady,
      onRecovered: () => {
        this.failures.clear();
        this.replay.replay(true);
      },
    });
    const guard = this.guard;
    this.breakerSource = {
      cacheName: options.name,
      get state() {
        return guard.state;
      },
    };
    trackBreaker(this.breakerSource);
    const bulkTimeoutMs = Math.max(options.opTimeoutMs * 20, 2_000);
    this.keyspace = new RedisKeyspace(this.connection, this.guard, options.layout, this.reads, bulkTimeoutMs);
    this.replay = new DeleteReplay(this.connection, this.guard, this.keyspace, {
      label: options.label,
      logger: options.logger,
      valuesPrefix: options.layout.values,
      opTimeoutMs: options.opTimeoutMs,
    });
    const base = options.layout.values.slice(0, -'v:'.length);
    this.lock = new LoadLock(this.connection, this.guard, `${base}l:`, options.layout.values);
    if (options.l1Sync) {
      this.sync = new L1SyncChannel(this.connection, this.guard, {
        channel: `${base}sync`,
        valuesPrefix: options.layout.values,
        label: options.label,
        cacheName: options.name,
        logger: options.logger,
        warner,
      });
    }
    this.connection.onError((error) =>
      warner.warn('connection', `${options.label}: Redis connection problem (${error.message}); the cache fails open.`),
    );
    this.connection.onReady(() => {
      this.guard.reconnected();
      this.replay.replay(true);
    });
    this.connection.connect();

    // @keyv/redis is the Keyv adapter; it throws its errors so the guard can count them (it never sees a hang).
    const adapter: any = options.driver.createKeyv(this.connection.client as any, {
      throwOnErrors: true,
      throwOnConnectError: true,
    }).store;
    adapter.on?.('error', () => undefined);
    const store = guardedKeyvStore({
      adapter,
      guard: this.guard,
      reads: this.reads,
      failures: this.failures,
      keyspace: this.keyspace,
      replay: this.replay,
      opTimeoutMs: options.opTimeoutMs,
      announce: (keys) => this.announce(keys),
      clear: async () => this.deleteKeys(await this.keysWithPrefix(options.layout.values)),
      disconnect: () => this.close(),
    });
    // Keyv namespace = this cache's value prefix: a raw key given to CACHE_MANAGER lands under it, so two apps (or
    // two caches) sharing one Redis never read each other's entries; an already prefixed key is kept as is.
    this.keyv = new Keyv(store as any, { namespace: options.layout.values.slice(0, -1) });
    this.keyv.on('error', () => undefined);
  }

  /** Resolves once connected, or after `timeoutMs` (then the app starts anyway and Redis joins when it can). */
  waitUntilReady(timeoutMs: number): Promise<boolean> {
    return this.connection.waitUntilReady(timeoutMs);
  }

  get counters() {
    return this.guard.counters;
  }

  get breaker() {
    return this.guard.state;
  }

  get pendingDeletes(): number {
    return this.replay.pending.size;
  }

  readEntry(key: string): Promise<StoredEntry | undefined> {
    // No async wrapper: every extra promise hop on this path shows up in pipelined throughput.
    return this.keyv.get(key, { raw: true }) as Promise<StoredEntry | undefined>;
  }

  /** Why the latest read of `key` fell back (`error`, `timeout`), else undefined: it answered. */
  readFailure(key: string): 'error' | 'timeout' | undefined {
    return this.failures.of(key);
  }

  /**
   * The fence version of a load of `key` stored with `tags` (one MGET of its fence keys), read before the loader
   * runs: the loaded value is stored only if it is unchanged then, whichever instance invalidated meanwhile.
   * Undefined when Redis cannot be read (not even tried with the breaker open or the client offline).
   */
  fenceVersion(key: string, tags: readonly string[]): Promise<string | undefined> {
    if (this.guard.state !== 'closed' || !this.connection.isReady) return Promise.resolve(undefined);
    return this.guard.run<string | undefined>(
      async () => LoadFence.version(await this.connection.client.mGet(this.keyspace.fence.keys(key, tags))),
      undefined,
      'read',
    );
  }

  /**
   * Stores a loaded value unless its key was invalidated since `version` was read (by any instance sharing this
   * Redis): true when stored, false when an invalidation won, undefined when Redis could not be reached.
   */
  async storeLoaded(
    key: string,
    value: unknown,
    ttl: number | undefined,
    tags: readonly string[],
    version: string,
  ): Promise<boolean | undefined> {
    const serialized = await this.keyv.serializeData({ value, expires: ttl ? Date.now() + ttl : undefined });
    this.reads.forget(key);
    return this.guard.run<boolean | undefined>(
      async () =>
        (await this.connection.client.eval(STORE_IF_UNCHANGED, {
          keys: [key, ...this.keyspace.fence.keys(key, tags)],
          arguments: [version, String(serialized), ttl ? String(ttl) : ''],
        })) === 1,
      undefined,
      'write',
    );
  }

  tag(key: string, tags: string[], ttl: number | undefined): Promise<void> {
    return this.keyspace.tag(key, tags, ttl);
  }

  /** Keys of `tags`, for an invalidation: when Redis cannot say, the invalidation is kept and replayed. */
  async keysWithTags(tags: string[]): Promise<string[] | null> {
    this.reads.forgetAll();
    const members = await this.keyspace.members(tags, true);
    if (members !== FAILED) return members;
    this.replay.keepTags(tags);
    return null;
  }

  async dropTags(tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    if ((await this.keyspace.dropTagSets(tags)) === FAILED) this.replay.keepTags(tags);
  }

  /** Keys under `prefix`, for an invalidation: when Redis cannot say, the invalidation is kept and replayed. */
  async keysWithPrefix(prefix: string): Promise<string[]> {
    this.reads.forgetPrefix(prefix);
    const keys = await this.keyspace.scan(prefix, true);
    if (keys !== FAILED) return keys;
    this.replay.keepPrefix(prefix);
    return [];
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      if ((await this.keyspace.unlink(batch)) === FAILED) this.replay.keepKeys(batch);
      else await this.announce(batch);
    }
  }

  probe(key: string): Promise<ProbeResult> {
    return probeRedis(this.connection, this.guard, key, this.keyspace.bulkTimeoutMs);
  }

  async close(): Promise<void> {
    untrackBreaker(this.breakerSource);
    await this.sync?.close();
    this.guard.shutdown();
    await this.connection.close();
  }

  /** Tells the other instances' L1 that `keys` changed in Redis (a no-op without the sync channel). */
  private announce(keys: string[]): Promise<void> {
    return this.sync === undefined ? Promise.resolve() : this.sync.announce({ keys });
  }
}
