import { Logger } from '@nestjs/common';
import { Keyv } from 'keyv';
import { escapeGlob, type KeyLayout } from '../cache.keys.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { RateLimitedWarner } from './rate-limited-warner.js';
import { FENCE_TTL_MS, LoadFence, STORE_IF_UNCHANGED } from './load-fence.js';
import type { StoredEntry } from './memory.store.js';
import { PendingDeletes } from './pending-deletes.js';
import { round } from './memory.tier.js';
import type { RedisDriver } from './redis.driver.js';
import type { CacheTier, ProbeResult } from './tier.js';

/** @internal */
export interface RedisTierOptions {
  url: string;
  label: string;
  layout: KeyLayout;
  opTimeout: number;
  connectTimeout: number;
  breakerThreshold: number;
  breakerResetMs: number;
  warnIntervalMs: number;
  logger: Logger;
  /** `@keyv/redis`, loaded by the module only when a cache uses Redis. */
  driver: RedisDriver;
}

/** The node-redis calls this tier makes (typed loosely: node-redis' generics do not survive a wrapper). */
type RedisClient = ReturnType<RedisDriver['createClient']>;

const BATCH = 500;
/** What a guarded operation resolves to when it did not reach Redis. */
const FAILED = Symbol('failed');

/**
 * Redis level of a cache: node-redis with no offline queue, a bounded connect timeout and a background reconnect,
 * wrapped by `@keyv/redis` for Keyv and cache-manager, every call fenced by a {@link CircuitBreaker}.
 * @internal
 */
export class RedisTier implements CacheTier {
  readonly kind = 'redis' as const;
  readonly keyv: Keyv;
  readonly client: RedisClient;
  private readonly guard: CircuitBreaker;
  private readonly bulkTimeout: number;
  /** Deletes that could not reach Redis, replayed when it answers again. */
  private readonly pending: PendingDeletes;
  /** GETs in flight by key: concurrent reads of one key share one round trip (each caller deserialises its own). */
  private readonly reads = new Map<string, Promise<unknown>>();
  private readonly fence: LoadFence;
  private replaying = false;
  private lastReplay = 0;

  constructor(private readonly options: RedisTierOptions) {
    const warner = new RateLimitedWarner(options.logger, options.warnIntervalMs);
    this.client = options.driver.createClient({
      url: options.url,
      // A command sent while disconnected fails at once instead of waiting in a queue (cache-manager#797, keyv#1470).
      disableOfflineQueue: true,
      socket: {
        connectTimeout: options.connectTimeout,
        // Never give up; back off up to 2 s (with jitter, so a fleet does not reconnect in lockstep).
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100),
      },
    });
    this.guard = new CircuitBreaker({
      opTimeout: options.opTimeout,
      threshold: options.breakerThreshold,
      resetMs: options.breakerResetMs,
      label: options.label,
      warner,
      logger: options.logger,
      isReady: () => this.client.isReady,
      onRecovered: () => this.replay(true),
    });
    this.fence = new LoadFence(options.layout);
    this.pending = new PendingDeletes({ label: options.label, logger: options.logger }, options.layout.values);
    this.bulkTimeout = Math.max(options.opTimeout * 20, 2_000);
    this.client.on('error', (error: Error) =>
      warner.warn('connection', `${options.label}: Redis connection problem (${error.message}); the cache fails open.`),
    );
    this.client.on('ready', () => {
      this.guard.reconnected();
      this.replay(true);
    });
    // Connect in the background: an app whose Redis is down at boot starts and serves from the source.
    this.client.connect().catch(() => undefined);

    // @keyv/redis is the Keyv adapter; it throws its errors so the guard can count them (it never sees a hang).
    const adapter: any = options.driver.createKeyv(this.client as any, {
      throwOnErrors: true,
      throwOnConnectError: true,
    }).store;
    adapter.on?.('error', () => undefined);
    const guard = this.guard;
    const guarded = {
      namespace: undefined as string | undefined,
      get: (key: string) => {
        if (this.pending.size > 0) {
          this.replay(false);
          // A delete of this key has not reached Redis yet: what Redis holds is the value that was deleted.
          if (this.pending.covers(key)) return Promise.resolve(undefined);
        }
        return this.sharedRead(key, () => guard.run(() => adapter.get(key), undefined, 'read'));
      },
      getMany: (keys: string[]) =>
        guard.run(
          () => adapter.getMany(keys),
          keys.map(() => undefined),
          'read',
        ),
      has: (key: string) => guard.run(() => adapter.has(key), false, 'read'),
      set: (key: string, value: string, ttl?: number) => {
        this.forgetReads(key);
        return guard.run(() => adapter.set(key, value, ttl), undefined, 'write');
      },
      setMany: (entries: { key: string; value: string; ttl?: number }[]) => {
        for (const entry of entries) this.forgetReads(entry.key);
        return guard.run(() => adapter.setMany(entries), undefined, 'write');
      },
      delete: async (key: string) => {
        const deleted = await this.unlink([key], this.options.opTimeout);
        if (deleted !== FAILED) return deleted > 0;
        this.pending.addKeys([key], guard.lastFailure);
        return false;
      },
      deleteMany: async (keys: string[]) => {
        const deleted = await this.unlink(keys, this.options.opTimeout);
        if (deleted !== FAILED) return deleted > 0;
        this.pending.addKeys(keys, guard.lastFailure);
        return false;
      },
      // `CACHE_MANAGER.clear()` removes this cache's keys only, never the whole database.
      clear: async () => {
        await this.deleteKeys(await this.keysWithPrefix(options.layout.values));
      },
      disconnect: () => this.close(),
    };
    // Keyv namespace = this cache's value prefix: a raw key given to CACHE_MANAGER lands under it, so two apps (or
    // two caches) sharing one Redis never read each other's entries; an already prefixed key is kept as is.
    this.keyv = new Keyv(guarded as any, { namespace: options.layout.values.slice(0, -1) });
    this.keyv.on('error', () => undefined);
  }

  /** Resolves once connected, or after `timeoutMs` (then the app starts anyway and Redis joins when it can). */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.client.isReady) return true;
    let timer: NodeJS.Timeout | undefined;
    let onReady: (() => void) | undefined;
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => {
        onReady = () => resolve(true);
        this.client.once('ready', onReady);
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(resolve, timeoutMs, false);
      }),
    ]);
    clearTimeout(timer);
    if (onReady) this.client.off('ready', onReady);
    return ready;
  }

  get counters() {
    return this.guard.counters;
  }

  get breaker() {
    return this.guard.state;
  }

  get pendingDeletes(): number {
    return this.pending.size;
  }

  readEntry(key: string): Promise<StoredEntry | undefined> {
    // No async wrapper: every extra promise hop on this path shows up in pipelined throughput.
    return this.keyv.get(key, { raw: true }) as Promise<StoredEntry | undefined>;
  }

  /**
   * The fence version of a load of `key` stored with `tags` (one MGET of its fence keys), read before the loader
   * runs: the loaded value is stored only if it is unchanged then, whichever instance invalidated meanwhile.
   * Undefined when Redis cannot be read (not even tried with the breaker open or the client offline).
   */
  fenceVersion(key: string, tags: readonly string[]): Promise<string | undefined> {
    if (this.guard.state !== 'closed' || !this.client.isReady) return Promise.resolve(undefined);
    return this.guard.run<string | undefined>(
      async () => LoadFence.version(await this.client.mGet(this.fence.keys(key, tags))),
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
    this.forgetReads(key);
    return this.guard.run<boolean | undefined>(
      async () =>
        (await this.client.eval(STORE_IF_UNCHANGED, {
          keys: [key, ...this.fence.keys(key, tags)],
          arguments: [version, String(serialized), ttl ? String(ttl) : ''],
        })) === 1,
      undefined,
      'write',
    );
  }

  private forgetReads(key: string): void {
    this.reads.delete(key);
  }

  /** One GET per key at a time: a burst of misses of one key costs one Redis read, not one per caller. */
  private sharedRead(key: string, read: () => Promise<unknown>): Promise<unknown> {
    const shared = this.reads.get(key);
    if (shared !== undefined) return shared;
    const promise = read();
    this.reads.set(key, promise);
    void promise.then(() => {
      if (this.reads.get(key) === promise) this.reads.delete(key);
    });
    return promise;
  }

  /**
   * Replays the deletes that did not reach Redis: at once when Redis is back (`now`), else at most every few
   * hundred ms while reads see some pending. What fails again stays pending.
   */
  private replay(now: boolean): void {
    // With the breaker open, the replay's first command is its trial (reads of pending keys never reach Redis).
    if (this.replaying || this.pending.size === 0 || !this.client.isReady) return;
    if (!now && Date.now() - this.lastReplay < Math.max(250, this.options.opTimeout * 2)) return;
    this.replaying = true;
    this.lastReplay = Date.now();
    void this.replayPending().finally(() => {
      this.replaying = false;
    });
  }

  private async replayPending(): Promise<void> {
    const { keys, prefixes, tags } = this.pending.snapshot();
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      if ((await this.unlink(batch)) === FAILED) return;
      this.pending.done({ keys: batch });
    }
    for (const prefix of prefixes) {
      const found = await this.scan(prefix, true);
      if (found === FAILED) return;
      for (let i = 0; i < found.length; i += BATCH) {
        if ((await this.unlink(found.slice(i, i + BATCH))) === FAILED) return;
      }
      this.pending.done({ prefixes: [prefix] });
    }
    for (const tag of tags) {
      const members = await this.members([tag], true);
      if (members === FAILED) return;
      for (let i = 0; i < members.length; i += BATCH) {
        if ((await this.unlink(members.slice(i, i + BATCH))) === FAILED) return;
      }
      if ((await this.dropTagSets([tag])) === FAILED) return;
      this.pending.done({ tags: [tag] });
    }
  }

  /** Deletes value keys and bumps their fence counters (a load in flight anywhere will not store them back). */
  private unlink(keys: string[], timeoutMs = this.bulkTimeout): Promise<number | typeof FAILED> {
    if (keys.length === 0) return Promise.resolve(0);
    for (const key of keys) this.forgetReads(key);
    return this.guard.run<number | typeof FAILED>(
      async () => {
        const multi = this.client.multi().unlink(keys);
        for (const key of keys) multi.incr(this.fence.counter(key)).pExpire(this.fence.counter(key), FENCE_TTL_MS);
        const [removed] = await multi.exec();
        return Number(removed);
      },
      FAILED,
      'delete',
      timeoutMs,
    );
  }

  private dropTagSets(tags: string[]): Promise<number | typeof FAILED> {
    return this.guard.run<number | typeof FAILED>(
      () => this.client.unlink(tags.map((t) => this.tagKey(t))),
      FAILED,
      'tag delete',
      this.bulkTimeout,
    );
  }

  /** Members of `tags`; an invalidation (`bump`) first moves the generation, so loads in flight do not store. */
  private members(tags: string[], bump: boolean): Promise<string[] | typeof FAILED> {
    return this.guard.run<string[] | typeof FAILED>(
      async () => {
        if (bump) {
          const multi = this.client.multi();
          for (const tag of tags)
            multi.incr(this.fence.generationOf(tag)).pExpire(this.fence.generationOf(tag), FENCE_TTL_MS);
          await multi.exec();
        }
        return (await Promise.all(tags.map((tag) => this.client.sMembers(this.tagKey(tag))))).flat().map(String);
      },
      FAILED,
      'tag read',
      this.bulkTimeout,
    );
  }

  /** Keys under `prefix`; an invalidation (`bump`) first moves the generation, so loads in flight do not store. */
  private scan(prefix: string, bump: boolean): Promise<string[] | typeof FAILED> {
    return this.guard.run<string[] | typeof FAILED>(
      async () => {
        if (bump) await this.client.incr(this.fence.generationOf());
        const keys: string[] = [];
        for await (const batch of this.client.scanIterator({ MATCH: `${escapeGlob(prefix)}*`, COUNT: 1_000 })) {
          for (const key of batch as unknown as string[]) keys.push(String(key));
        }
        return keys;
      },
      FAILED,
      'scan',
      this.bulkTimeout,
    );
  }

  async tag(key: string, tags: string[], ttl: number | undefined): Promise<void> {
    if (tags.length === 0) return;
    await this.guard.run(
      async () => {
        const multi = this.client.multi();
        for (const tag of tags) {
          const tagKey = this.tagKey(tag);
          multi.sAdd(tagKey, key);
          // A tag set lives as long as its longest-lived member (NX: first expiry, GT: only ever extended).
          if (ttl) {
            multi.pExpire(tagKey, ttl, 'NX');
            multi.pExpire(tagKey, ttl, 'GT');
          } else {
            multi.persist(tagKey);
          }
        }
        await multi.exec();
      },
      undefined,
      'tag write',
    );
  }

  /** Keys of `tags`, for an invalidation: when Redis cannot say, the invalidation is kept and replayed. */
  async keysWithTags(tags: string[]): Promise<string[] | null> {
    this.reads.clear();
    const members = await this.members(tags, true);
    if (members !== FAILED) return members;
    this.pending.addTags(tags, this.guard.lastFailure);
    return null;
  }

  async dropTags(tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    const dropped = await this.dropTagSets(tags);
    if (dropped === FAILED) this.pending.addTags(tags, this.guard.lastFailure);
  }

  /** Keys under `prefix`, for an invalidation: when Redis cannot say, the invalidation is kept and replayed. */
  async keysWithPrefix(prefix: string): Promise<string[]> {
    for (const key of this.reads.keys()) if (key.startsWith(prefix)) this.reads.delete(key);
    const keys = await this.scan(prefix, true);
    if (keys !== FAILED) return keys;
    this.pending.addPrefix(prefix, this.guard.lastFailure);
    return [];
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      if ((await this.unlink(batch)) === FAILED) this.pending.addKeys(batch, this.guard.lastFailure);
    }
  }

  /** A real round trip (SET + GET of a probe key), outside the breaker, so health sees Redis as it is. */
  async probe(key: string): Promise<ProbeResult> {
    const details: Record<string, unknown> = {
      store: 'redis',
      connected: this.client.isReady,
      circuit: this.guard.state,
      ...this.guard.counters,
    };
    if (!this.client.isReady) return { up: false, details: { ...details, error: 'not connected' } };
    const started = performance.now();
    const token = Math.random().toString(36).slice(2);
    let timer: NodeJS.Timeout | undefined;
    try {
      const read = await Promise.race([
        (async () => {
          await this.client.set(key, token, { PX: 10_000 });
          return this.client.get(key);
        })(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.bulkTimeout} ms`)), this.bulkTimeout);
        }),
      ]);
      return { up: read === token, details: { ...details, latencyMs: round(performance.now() - started) } };
    } catch (error) {
      return { up: false, details: { ...details, error: error instanceof Error ? error.message : String(error) } };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.guard.shutdown();
    if (!this.client.isOpen) return;
    if (this.client.isReady) {
      let timer: NodeJS.Timeout | undefined;
      const quit = await Promise.race([
        this.client.close().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(resolve, 1_000, false);
        }),
      ]);
      clearTimeout(timer);
      if (quit) return;
    }
    if (this.client.isOpen) this.client.destroy();
  }

  private tagKey(tag: string): string {
    return this.options.layout.tags + tag;
  }
}
