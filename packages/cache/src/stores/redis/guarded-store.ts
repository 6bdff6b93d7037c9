import type { CircuitBreaker } from '../circuit-breaker.js';
import type { ReadFailures } from './read-failures.js';
import type { DeleteReplay } from './delete-replay.js';
import { FAILED, type RedisKeyspace } from './redis.keyspace.js';
import type { SharedReads } from './shared-reads.js';

/** The Keyv store calls `@keyv/redis` answers (typed loosely: Keyv's store type is generic over everything). */
interface KeyvRedisStore {
  get(key: string): Promise<unknown>;
  getMany(keys: string[]): Promise<unknown[]>;
  has(key: string): Promise<boolean>;
  set(key: string, value: string, ttl?: number): Promise<unknown>;
  setMany(entries: { key: string; value: string; ttl?: number }[]): Promise<unknown>;
}

/** @internal */
export interface GuardedStoreParts {
  adapter: KeyvRedisStore;
  guard: CircuitBreaker;
  reads: SharedReads;
  /** Why the last read of a key fell back, for `ballast.cache.requests` (a failed read is not a miss). */
  failures: ReadFailures;
  keyspace: RedisKeyspace;
  replay: DeleteReplay;
  opTimeoutMs: number;
  /** Tells the other instances' L1 that `keys` changed, once Redis has the change. */
  announce: (keys: string[]) => Promise<void>;
  /** `CACHE_MANAGER.clear()`: this cache's keys only, never the whole database. */
  clear: () => Promise<void>;
  disconnect: () => Promise<void>;
}

/**
 * The Keyv store of a Redis tier: `@keyv/redis` with every call under the circuit breaker (a failure is a miss or a
 * dropped write, never an error), shared reads, and deletes kept for replay when Redis cannot take them.
 * @internal
 */
export function guardedKeyvStore(parts: GuardedStoreParts) {
  const { adapter, guard, reads, keyspace, replay } = parts;
  const deleteKeys = async (keys: string[]): Promise<boolean> => {
    const deleted = await keyspace.unlink(keys, parts.opTimeoutMs);
    if (deleted === FAILED) {
      replay.keepKeys(keys);
      return false;
    }
    await parts.announce(keys);
    return deleted > 0;
  };
  /** A write under the breaker, announced to the other instances once Redis acknowledged it. */
  const write = async (keys: string[], op: () => Promise<unknown>): Promise<unknown> => {
    let written = false;
    const result = await guard.run(
      async () => {
        const answer = await op();
        written = true;
        return answer;
      },
      undefined,
      'write',
    );
    if (written) await parts.announce(keys);
    return result;
  };
  return {
    namespace: undefined as string | undefined,
    get: (key: string) => {
      if (replay.pending.size > 0) {
        replay.replay(false);
        // A delete of this key has not reached Redis yet: what Redis holds is the value that was deleted.
        if (replay.pending.covers(key)) return Promise.resolve(undefined);
      }
      return reads.run(key, () => {
        parts.failures.started(key);
        return guard.run(
          () => adapter.get(key),
          undefined,
          'read',
          undefined,
          (kind) => parts.failures.failed(key, kind),
        );
      });
    },
    getMany: (keys: string[]) =>
      guard.run(
        () => adapter.getMany(keys),
        keys.map(() => undefined),
        'read',
      ),
    has: (key: string) => guard.run(() => adapter.has(key), false, 'read'),
    set: (key: string, value: string, ttl?: number) => {
      reads.forget(key);
      return write([key], () => adapter.set(key, value, ttl));
    },
    setMany: (entries: { key: string; value: string; ttl?: number }[]) => {
      for (const entry of entries) reads.forget(entry.key);
      return write(
        entries.map((e) => e.key),
        () => adapter.setMany(entries),
      );
    },
    delete: (key: string) => deleteKeys([key]),
    deleteMany: (keys: string[]) => deleteKeys(keys),
    clear: parts.clear,
    disconnect: parts.disconnect,
  };
}
