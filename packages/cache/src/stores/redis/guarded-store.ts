import type { CircuitBreaker } from '../circuit-breaker.js';
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
  keyspace: RedisKeyspace;
  replay: DeleteReplay;
  opTimeoutMs: number;
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
    if (deleted !== FAILED) return deleted > 0;
    replay.keepKeys(keys);
    return false;
  };
  return {
    namespace: undefined as string | undefined,
    get: (key: string) => {
      if (replay.pending.size > 0) {
        replay.replay(false);
        // A delete of this key has not reached Redis yet: what Redis holds is the value that was deleted.
        if (replay.pending.covers(key)) return Promise.resolve(undefined);
      }
      return reads.run(key, () => guard.run(() => adapter.get(key), undefined, 'read'));
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
      return guard.run(() => adapter.set(key, value, ttl), undefined, 'write');
    },
    setMany: (entries: { key: string; value: string; ttl?: number }[]) => {
      for (const entry of entries) reads.forget(entry.key);
      return guard.run(() => adapter.setMany(entries), undefined, 'write');
    },
    delete: (key: string) => deleteKeys([key]),
    deleteMany: (keys: string[]) => deleteKeys(keys),
    clear: parts.clear,
    disconnect: parts.disconnect,
  };
}
