import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_CACHE_OPTIONS } from './cache.constants.js';
import type { ResolvedCacheOptions } from './cache.options.js';

/** Placeholder service of the foundation: proves constructor injection by type works from dist. */
@Injectable()
export class CacheService {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_CACHE_OPTIONS) readonly options: ResolvedCacheOptions,
  ) {}
}
