import type { ResolvedCacheOptions } from '../../cache.options.js';
import { importOptional } from '../import-optional.js';

/** The functions of `@keyv/redis` (node-redis underneath) that the Redis tier uses. @internal */
export interface RedisDriver {
  createClient: (typeof import('@keyv/redis'))['createClient'];
  createCluster: (typeof import('@keyv/redis'))['createCluster'];
  createSentinel: (typeof import('@keyv/redis'))['createSentinel'];
  createKeyv: (typeof import('@keyv/redis'))['createKeyv'];
}

/**
 * Loads `@keyv/redis` only when a cache uses Redis: node-redis alone adds about 0.2 s to an app's cold start, which
 * an app on the memory store should not pay. `null` when every cache is in memory. @internal
 */
export async function loadRedisDriver(options: ResolvedCacheOptions): Promise<RedisDriver | null> {
  if (options.caches.every((cache) => cache.store === 'memory')) return null;
  const { createClient, createCluster, createSentinel, createKeyv } =
    await importOptional<typeof import('@keyv/redis')>('@keyv/redis');
  return { createClient, createCluster, createSentinel, createKeyv };
}
