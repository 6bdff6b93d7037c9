import { Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import type { BallastCache } from './ballast-cache.js';
import type { CacheSetOptions, CacheStats, CacheWrapOptions } from './cache.types.js';
import { CacheRegistry } from './cache.registry.js';

/**
 * The default cache (the module-level options), and a way to reach named ones (`cacheService.cache('sessions')`).
 *
 * @example
 * const user = await this.cache.wrap(`user:${id}`, () => this.users.findOne(id), { ttlMs: 30_000, tags: ['users'] });
 */
@Injectable()
export class CacheService {
  private readonly cacheRef: BallastCache;

  constructor(private readonly registry: CacheRegistry) {
    this.cacheRef = registry.get();
  }

  /** A named cache (the default cache when `name` is omitted). */
  cache(name?: string): BallastCache {
    return this.registry.get(name);
  }

  /** The cache-manager 7 `Cache` of the default cache: the same instance `CACHE_MANAGER` injects. */
  get manager(): Cache {
    return this.cacheRef.manager;
  }

  /** The value stored under `key`, or undefined on a miss (a failed or timed-out read is a miss). */
  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.cacheRef.get<T>(key);
  }

  /** Stores `value` under `key`. A failed Redis write is logged and dropped, never thrown. */
  set<T>(key: string, value: T, options?: CacheSetOptions): Promise<void> {
    return this.cacheRef.set(key, value, options);
  }

  /** Removes `key`. */
  del(key: string): Promise<void> {
    return this.cacheRef.del(key);
  }

  /** Cached value or loader result; concurrent misses of one key run the loader once. */
  wrap<T>(key: string, loader: () => T | Promise<T>, options?: CacheWrapOptions): Promise<T> {
    return this.cacheRef.wrap(key, loader, options);
  }

  /** Removes every entry whose key starts with `prefix`; returns how many were removed. */
  invalidatePrefix(prefix: string): Promise<number> {
    return this.cacheRef.invalidatePrefix(prefix);
  }

  /** Removes every entry written with one of `tags`; returns how many were removed. */
  invalidateTags(tags: string | string[]): Promise<number> {
    return this.cacheRef.invalidateTags(tags);
  }

  /** Removes every entry of the default cache. */
  clear(): Promise<number> {
    return this.cacheRef.clear();
  }

  /** The store key of `key` (`<namespace>:default:v:<key>`), for use with `CACHE_MANAGER`. */
  key(key: string): string {
    return this.cacheRef.key(key);
  }

  /** Hit/miss/error/timeout counters of the default cache. */
  stats(): CacheStats {
    return this.cacheRef.stats();
  }

  /** Counters of every cache. */
  allStats(): CacheStats[] {
    return this.registry.all().map((c) => c.stats());
  }
}
