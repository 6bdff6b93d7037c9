import type { ConfigService } from '@nestjs/config';
import type { CacheModuleOptions } from '@ballast/cache';
import type { Env } from '../config/env.schema.js';

/**
 * The cache from the environment: CACHE_STORE (`memory` without Redis, `tiered` with it, by default) and where
 * Redis is. The schema (config/cache-store.env.ts) has already refused `redis`/`tiered` without a Redis location and
 * more than one location at a time.
 */
export function cacheOptions(config: ConfigService<Env, true>): CacheModuleOptions {
  const common = {
    namespace: config.get('CACHE_NAMESPACE', { infer: true }),
    ttlMs: config.get('CACHE_TTL', { infer: true }),
  };
  const store = config.get('CACHE_STORE', { infer: true });
  if (store === 'memory') return { ...common, store };
  const url = config.get('REDIS_URL', { infer: true });
  // TODO(cache): pass REDIS_CLUSTER_NODES / REDIS_SENTINELS once @ballast/cache takes them, as the options
  // `cluster: { nodes: string[] }` and `sentinel: { masterName: string; sentinels: string[] }`:
  //   const nodes = config.get('REDIS_CLUSTER_NODES', { infer: true });
  //   const sentinels = config.get('REDIS_SENTINELS', { infer: true });
  //   ...(nodes && { cluster: { nodes } }),
  //   ...(sentinels && { sentinel: { masterName: config.get('REDIS_SENTINEL_MASTER', { infer: true })!, sentinels } }),
  return { ...common, store, ...(url && { url }) };
}
