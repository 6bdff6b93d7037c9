import { Module } from '@nestjs/common';
import { RESOLVED_CACHE_OPTIONS } from './cache.constants.js';
import { CacheConfigurableModuleClass, CACHE_MODULE_OPTIONS } from './cache.module-definition.js';
import { resolveCacheOptions } from './cache.options.resolve.js';
import { CacheService } from './cache.service.js';

@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_CACHE_OPTIONS, inject: [CACHE_MODULE_OPTIONS], useFactory: resolveCacheOptions },
    CacheService,
  ],
  exports: [CacheService],
})
export class BallastCacheModule extends CacheConfigurableModuleClass {}
