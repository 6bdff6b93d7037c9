/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_CACHE_OPTIONS = 'BALLAST_CACHE_RESOLVED_OPTIONS';
/** `@keyv/redis`, loaded only when a cache uses Redis (or null). @internal */
export const REDIS_DRIVER = 'BALLAST_CACHE_REDIS_DRIVER';

// Health contributors for `@ballast/health` (one per registered cache) and the route metadata of `@HttpCache()`:
// contracts of docs/contracts.md, defined once in the kernel (strings, found without importing this package).
export { CACHE_HEALTH_CONTRIBUTORS, HTTP_CACHE_METADATA } from '@ballast/kernel';

/** Name of the cache that `CacheService` and `CACHE_MANAGER` serve. */
export const DEFAULT_CACHE_NAME = 'default';

/** The injection token of a named cache: what `@InjectCache(name)` injects. */
export function getCacheToken(name: string = DEFAULT_CACHE_NAME): string {
  return `BALLAST_CACHE:${name}`;
}

/** @internal */
export const CACHEABLE_METADATA = 'ballast:cache:cacheable';
/** @internal */
export const CACHE_EVICT_METADATA = 'ballast:cache:evict';
