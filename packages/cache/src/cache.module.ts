import { Module, type DynamicModule } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { DiscoveryModule } from '@nestjs/core';
import { CACHE_HEALTH_CONTRIBUTORS, getCacheToken, REDIS_DRIVER, RESOLVED_CACHE_OPTIONS } from './cache.constants.js';
import { cacheHealthContributors } from './cache.health.js';
import {
  CACHE_ASYNC_OPTIONS_TYPE,
  CACHE_OPTIONS_TYPE,
  CacheConfigurableModuleClass,
  CACHE_MODULE_OPTIONS,
} from './cache.module-definition.js';
import { resolveCacheOptions } from './cache.options.resolve.js';
import { CacheRegistry } from './cache.registry.js';
import { CacheService } from './cache.service.js';
import { CacheMethodsExplorer } from './decorators/cache-methods.explorer.js';
import { BallastCacheInterceptor } from './http/http-cache.interceptor.js';
import { loadRedisDriver } from './stores/redis/redis.driver.js';

/**
 * Caching for the app: a default cache (`CacheService`, `CACHE_MANAGER`), named caches (`@InjectCache(name)`),
 * `@Cacheable` / `@CacheEvict` on provider methods, an HTTP interceptor, and health contributors. Global by default.
 *
 * @example
 * BallastCacheModule.forRoot({ store: process.env.REDIS_URL ? 'tiered' : 'memory', url: process.env.REDIS_URL })
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_CACHE_OPTIONS, inject: [CACHE_MODULE_OPTIONS], useFactory: resolveCacheOptions },
    { provide: REDIS_DRIVER, inject: [RESOLVED_CACHE_OPTIONS], useFactory: loadRedisDriver },
    CacheRegistry,
    CacheService,
    { provide: getCacheToken(), inject: [CacheRegistry], useFactory: (registry: CacheRegistry) => registry.get() },
    // @nestjs/cache-manager's token: its CacheInterceptor and `@Inject(CACHE_MANAGER)` get the default cache's manager.
    {
      provide: CACHE_MANAGER,
      inject: [CacheRegistry],
      useFactory: (registry: CacheRegistry) => registry.get().manager,
    },
    { provide: CACHE_HEALTH_CONTRIBUTORS, inject: [CacheRegistry], useFactory: cacheHealthContributors },
    CacheMethodsExplorer,
    BallastCacheInterceptor,
  ],
  exports: [
    RESOLVED_CACHE_OPTIONS,
    CacheRegistry,
    CacheService,
    getCacheToken(),
    CACHE_MANAGER,
    CACHE_HEALTH_CONTRIBUTORS,
    BallastCacheInterceptor,
  ],
})
export class BallastCacheModule extends CacheConfigurableModuleClass {
  /** Configures the module; named caches in `caches` become injectable with `@InjectCache(name)`. */
  static override forRoot(options: typeof CACHE_OPTIONS_TYPE = {}): DynamicModule {
    const names = Object.keys(options.caches ?? {});
    return super.forRoot({ ...options, cacheNames: [...(options.cacheNames ?? []), ...names] });
  }

  /** Configures the module from a factory / class; list named caches in `cacheNames` to inject them by name. */
  static override forRootAsync(options: typeof CACHE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return super.forRootAsync(options);
  }
}
