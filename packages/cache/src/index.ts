export { BallastCacheModule } from './cache.module.js';
export type { CacheModuleExtras } from './cache.module-definition.js';
export type { CacheModuleOptions, CacheStoreKind, CacheStoreOptions, HttpCacheOptions } from './cache.options.js';
export { CacheService } from './cache.service.js';
export { CacheRegistry } from './cache.registry.js';
export { BallastCache } from './ballast-cache.js';
export type { CacheSetOptions, CacheStats, CacheWrapOptions } from './cache.types.js';
export { CACHE_HEALTH_CONTRIBUTORS, DEFAULT_CACHE_NAME, getCacheToken } from './cache.constants.js';
export {
  Cacheable,
  CacheEvict,
  HttpCache,
  InjectCache,
  type CacheableOptions,
  type CacheEvictOptions,
  type CacheKeyOption,
  type CacheTagsOption,
  type HttpCacheRouteOptions,
} from './decorators/cache.decorators.js';
export { BallastCacheInterceptor, X_CACHE_HEADER } from './http/http-cache.interceptor.js';
export {
  BallastCacheError,
  INVALID_OPTIONS as CACHE_INVALID_OPTIONS,
  NOT_ASYNC as CACHE_NOT_ASYNC,
  UNKNOWN_CACHE as CACHE_UNKNOWN_CACHE,
} from './cache.errors.js';
