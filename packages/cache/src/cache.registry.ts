import type { HealthContributor } from '@ballast/kernel';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BallastCache } from './ballast-cache.js';
import { DEFAULT_CACHE_NAME, REDIS_DRIVER, RESOLVED_CACHE_OPTIONS } from './cache.constants.js';
import { unknownCache } from './cache.errors.js';
import type { ResolvedCacheOptions } from './cache.options.js';
import type { RedisDriver } from './stores/redis/redis.driver.js';

/**
 * Every cache of the app, by name. Owns the stores and closes them on application shutdown (after the HTTP server
 * has drained), never earlier.
 */
@Injectable()
export class CacheRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly caches = new Map<string, BallastCache>();

  constructor(
    @Inject(RESOLVED_CACHE_OPTIONS) readonly options: ResolvedCacheOptions,
    @Inject(REDIS_DRIVER) redisDriver: RedisDriver | null,
  ) {
    const logger = new Logger('BallastCache');
    for (const cache of options.caches) {
      this.caches.set(cache.name, new BallastCache(options.namespace, cache, logger, redisDriver));
    }
  }

  /** The cache called `name`; throws `BALLAST_CACHE_UNKNOWN_CACHE` when none is registered. */
  get(name: string = DEFAULT_CACHE_NAME): BallastCache {
    const cache = this.caches.get(name);
    if (cache === undefined) throw unknownCache(name, [...this.caches.keys()]);
    return cache;
  }

  /** Every registered cache, the default one first. */
  all(): BallastCache[] {
    return [...this.caches.values()];
  }

  /** One health contributor per cache: `cache` for the default one, `cache:<name>` for the others. */
  healthContributors(): HealthContributor[] {
    return this.options.caches.map((options) => {
      const cache = this.get(options.name);
      return {
        name: options.name === DEFAULT_CACHE_NAME ? 'cache' : `cache:${options.name}`,
        critical: options.critical,
        check: () => cache.probe(),
      };
    });
  }

  /** Gives Redis up to `connectTimeoutMs` to connect at startup; never fails the boot. */
  async onModuleInit(): Promise<void> {
    await Promise.all(this.all().map((cache) => cache.connect()));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all().map((cache) => cache.close()));
  }
}
