import { Logger } from '@nestjs/common';
import { Keyv } from 'keyv';
import { escapeGlob, type KeyLayout } from '../cache.keys.js';
import { RateLimitedWarner, StoreGuard } from './guard.js';
import type { StoredEntry } from './memory.store.js';
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

/**
 * Redis level of a cache: node-redis with no offline queue, a bounded connect timeout and a background reconnect,
 * wrapped by `@keyv/redis` for Keyv and cache-manager, every call fenced by a {@link StoreGuard}.
 * @internal
 */
export class RedisTier implements CacheTier {
  readonly kind = 'redis' as const;
  readonly keyv: Keyv;
  readonly client: RedisClient;
  private readonly guard: StoreGuard;
  private readonly bulkTimeout: number;

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
    this.guard = new StoreGuard({
      opTimeout: options.opTimeout,
      threshold: options.breakerThreshold,
      resetMs: options.breakerResetMs,
      label: options.label,
      warner,
      logger: options.logger,
      isReady: () => this.client.isReady,
    });
    this.bulkTimeout = Math.max(options.opTimeout * 20, 2_000);
    this.client.on('error', (error: Error) =>
      warner.warn('connection', `${options.label}: Redis connection problem (${error.message}); the cache fails open.`),
    );
    this.client.on('ready', () => this.guard.reconnected());
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
      get: (key: string) => guard.run(() => adapter.get(key), undefined, 'read'),
      getMany: (keys: string[]) =>
        guard.run(
          () => adapter.getMany(keys),
          keys.map(() => undefined),
          'read',
        ),
      has: (key: string) => guard.run(() => adapter.has(key), false, 'read'),
      set: (key: string, value: string, ttl?: number) =>
        guard.run(() => adapter.set(key, value, ttl), undefined, 'write'),
      setMany: (entries: { key: string; value: string; ttl?: number }[]) =>
        guard.run(() => adapter.setMany(entries), undefined, 'write'),
      delete: (key: string) => guard.run(() => adapter.delete(key), false, 'delete'),
      deleteMany: (keys: string[]) => guard.run(() => adapter.deleteMany(keys), false, 'delete'),
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

  readEntry(key: string): Promise<StoredEntry | undefined> {
    // No async wrapper: every extra promise hop on this path shows up in pipelined throughput.
    return this.keyv.get(key, { raw: true }) as Promise<StoredEntry | undefined>;
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

  async keysWithTags(tags: string[]): Promise<string[]> {
    const lists = await this.guard.run(
      () => Promise.all(tags.map((tag) => this.client.sMembers(this.tagKey(tag)))),
      [] as string[][],
      'tag read',
      this.bulkTimeout,
    );
    return lists.flat().map(String);
  }

  async dropTags(tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    await this.guard.run(() => this.client.unlink(tags.map((t) => this.tagKey(t))), 0, 'tag delete');
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    return this.guard.run(
      async () => {
        const keys: string[] = [];
        for await (const batch of this.client.scanIterator({ MATCH: `${escapeGlob(prefix)}*`, COUNT: 1_000 })) {
          for (const key of batch as unknown as string[]) keys.push(String(key));
        }
        return keys;
      },
      [] as string[],
      'scan',
      this.bulkTimeout,
    );
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      await this.guard.run(() => this.client.unlink(batch), 0, 'delete', this.bulkTimeout);
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
