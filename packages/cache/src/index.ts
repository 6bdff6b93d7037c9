export { BallastCacheModule } from './cache.module.js';
export type { CacheModuleOptions } from './cache.options.js';
export { CacheService } from './cache.service.js';
export { BallastCacheError, INVALID_OPTIONS as CACHE_INVALID_OPTIONS } from './cache.errors.js';
