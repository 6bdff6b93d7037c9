import type { ConfigService } from '@nestjs/config';
import type { CacheModuleOptions } from '@ballast/cache';
import type { Env } from '../config/env.schema.js';

/**
 * The cache from the environment: CACHE_STORE (`memory` without Redis, `tiered` with it, by default) and where
 * Redis is: REDIS_URL, REDIS_CLUSTER_NODES, or REDIS_SENTINELS + REDIS_SENTINEL_MASTER, each passed only when set.
 * The schema (config/cache-store.env.ts) has already refused `redis`/`tiered` without one of them, and two at once.
 */
export function cacheOptions(config: ConfigService<Env, true>): CacheModuleOptions {
  const common = {
    namespace: config.get('CACHE_NAMESPACE', { infer: true }),
    ttlMs: config.get('CACHE_TTL', { infer: true }),
  };
  const store = config.get('CACHE_STORE', { infer: true });
  if (store === 'memory') return { ...common, store };
  const url = config.get('REDIS_URL', { infer: true });
  const nodes = config.get('REDIS_CLUSTER_NODES', { infer: true });
  const sentinels = config.get('REDIS_SENTINELS', { infer: true });
  const masterName = config.get('REDIS_SENTINEL_MASTER', { infer: true });
  return {
    ...common,
    store,
    ...(url && { url }),
    ...(nodes && { cluster: { nodes } }),
    ...(sentinels && masterName && { sentinel: { masterName, sentinels } }),
  };
}
