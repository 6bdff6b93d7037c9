import { escapeGlob, type KeyLayout } from '../../cache.keys.js';
import type { CircuitBreaker } from '../circuit-breaker.js';
import { FENCE_TTL_MS, LoadFence } from './load-fence.js';
import type { RedisConnection } from './redis.connection.js';
import type { SharedReads } from './shared-reads.js';

/** What a keyspace operation resolves to when it did not reach Redis. @internal */
export const FAILED = Symbol('failed');
export type Failed = typeof FAILED;

/** Keys per UNLINK: big invalidations go out in batches so one command never blocks Redis for long. @internal */
export const BATCH = 500;

/**
 * The multi-key commands of a Redis tier (deletes, tag sets, scans), each under the circuit breaker and each moving
 * the load fence, so a load in flight on any instance does not store back what was just invalidated.
 * @internal
 */
export class RedisKeyspace {
  readonly fence: LoadFence;

  constructor(
    private readonly connection: RedisConnection,
    private readonly guard: CircuitBreaker,
    private readonly layout: KeyLayout,
    private readonly reads: SharedReads,
    /** Timeout of one bulk operation (scans, batches), longer than a single read's. */
    readonly bulkTimeoutMs: number,
  ) {
    this.fence = new LoadFence(layout);
  }

  /** Deletes value keys and bumps their fence counters. */
  unlink(keys: string[], timeoutMs = this.bulkTimeoutMs): Promise<number | Failed> {
    if (keys.length === 0) return Promise.resolve(0);
    for (const key of keys) this.reads.forget(key);
    return this.guard.run<number | Failed>(
      async () => {
        const multi = this.connection.multi(keys[0]!).unlink(keys);
        for (const key of keys) multi.incr(this.fence.counter(key)).pExpire(this.fence.counter(key), FENCE_TTL_MS);
        const [removed] = await multi.exec();
        return Number(removed);
      },
      FAILED,
      'delete',
      timeoutMs,
    );
  }

  /** Unlinks `keys` in batches; false as soon as one batch cannot reach Redis. */
  async unlinkAll(keys: string[]): Promise<boolean> {
    for (let i = 0; i < keys.length; i += BATCH) {
      if ((await this.unlink(keys.slice(i, i + BATCH))) === FAILED) return false;
    }
    return true;
  }

  dropTagSets(tags: string[]): Promise<number | Failed> {
    return this.guard.run<number | Failed>(
      () => this.connection.client.unlink(tags.map((t) => this.tagKey(t))),
      FAILED,
      'tag delete',
      this.bulkTimeoutMs,
    );
  }

  /** Members of `tags`; an invalidation (`bump`) first moves the generation, so loads in flight do not store. */
  members(tags: string[], bump: boolean): Promise<string[] | Failed> {
    return this.guard.run<string[] | Failed>(
      async () => {
        if (bump) {
          const multi = this.connection.multi(this.fence.generationOf(tags[0]));
          for (const tag of tags) {
            multi.incr(this.fence.generationOf(tag)).pExpire(this.fence.generationOf(tag), FENCE_TTL_MS);
          }
          await multi.exec();
        }
        return (await Promise.all(tags.map((tag) => this.connection.client.sMembers(this.tagKey(tag)))))
          .flat()
          .map(String);
      },
      FAILED,
      'tag read',
      this.bulkTimeoutMs,
    );
  }

  /** Keys under `prefix`; an invalidation (`bump`) first moves the generation, so loads in flight do not store. */
  scan(prefix: string, bump: boolean): Promise<string[] | Failed> {
    return this.guard.run<string[] | Failed>(
      async () => {
        if (bump) await this.connection.client.incr(this.fence.generationOf());
        const keys: string[] = [];
        for await (const batch of this.connection.scan(`${escapeGlob(prefix)}*`)) keys.push(...batch);
        return keys;
      },
      FAILED,
      'scan',
      this.bulkTimeoutMs,
    );
  }

  /** Adds `key` to each tag set; a tag set lives as long as its longest-lived member. */
  async tag(key: string, tags: string[], ttl: number | undefined): Promise<void> {
    if (tags.length === 0) return;
    await this.guard.run(
      async () => {
        const multi = this.connection.multi(key);
        for (const tag of tags) {
          const tagKey = this.tagKey(tag);
          multi.sAdd(tagKey, key);
          // NX: first expiry, GT: only ever extended.
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

  private tagKey(tag: string): string {
    return this.layout.tags + tag;
  }
}
