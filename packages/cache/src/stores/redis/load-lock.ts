import { randomUUID } from 'node:crypto';
import type { CircuitBreaker } from '../circuit-breaker.js';
import type { RedisConnection } from './redis.connection.js';

/** KEYS: the lock. ARGV: the holder's token. Deletes the lock only if this holder still owns it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Outcome of an attempt to take the load lock of a key. */
export type LockAttempt =
  /** This instance holds it: run the loader, then `release(token)`. */
  | { held: true; token: string }
  /** Another instance holds it: wait for its value. */
  | { held: false }
  /** Redis could not say: load locally. */
  | undefined;

/**
 * The Redis lock behind single flight across instances: `SET NX PX` with a random token, released (only by its
 * holder) with a compare-and-delete, and expiring by itself if the holder dies.
 * @internal
 */
export class LoadLock {
  constructor(
    private readonly connection: RedisConnection,
    private readonly guard: CircuitBreaker,
    /** Prefix of this cache's lock keys (`<namespace>:<cache>:l:`). */
    private readonly prefix: string,
    private readonly valuesPrefix: string,
  ) {}

  async acquire(key: string, ttlMs: number): Promise<LockAttempt> {
    if (this.guard.state !== 'closed' || !this.connection.isReady) return undefined;
    const token = randomUUID();
    const set = await this.guard.run<string | null | undefined>(
      () =>
        this.connection.client.set(this.lockKey(key), token, {
          condition: 'NX',
          expiration: { type: 'PX', value: ttlMs },
        }),
      undefined,
      'lock',
    );
    if (set === undefined) return undefined;
    return set === 'OK' ? { held: true, token } : { held: false };
  }

  /** Whether some instance holds the lock of `key` (undefined: Redis could not say). */
  async isHeld(key: string): Promise<boolean | undefined> {
    const exists = await this.guard.run<number | undefined>(
      () => this.connection.client.exists(this.lockKey(key)),
      undefined,
      'lock read',
    );
    return exists === undefined ? undefined : exists > 0;
  }

  async release(key: string, token: string): Promise<void> {
    await this.guard.run(
      () => this.connection.client.eval(RELEASE, { keys: [this.lockKey(key)], arguments: [token] }),
      undefined,
      'unlock',
    );
  }

  private lockKey(key: string): string {
    return this.prefix + (key.startsWith(this.valuesPrefix) ? key.slice(this.valuesPrefix.length) : key);
  }
}
