import type { Logger } from '@nestjs/common';
import { redisDriverMissing } from '../cache.errors.js';
import type { KeyLayout } from '../cache.keys.js';
import type { ResolvedStoreOptions } from '../cache.options.js';
import type { MemoryStore } from '../stores/memory.store.js';
import { MemoryTier } from '../stores/memory.tier.js';
import type { RedisDriver } from '../stores/redis/redis.driver.js';
import { RedisTier } from '../stores/redis/redis.tier.js';
import type { CacheTier } from '../stores/tier.js';

/** The levels of one cache, nearest first: memory (memory, tiered), then Redis (redis, tiered). @internal */
export interface CacheTiers {
  all: CacheTier[];
  remote: CacheTier[];
  /** The memory level, read synchronously on the hot path. */
  l1?: MemoryStore;
}

/** Builds the levels `options.store` asks for. @internal */
export function buildTiers(
  options: ResolvedStoreOptions,
  layout: KeyLayout,
  logger: Logger,
  redisDriver: RedisDriver | null,
): CacheTiers {
  const all: CacheTier[] = [];
  if (options.store !== 'redis') {
    const maxTtl = options.store === 'tiered' ? options.l1TtlMs : undefined;
    all.push(
      new MemoryTier({ max: options.max, protectValues: options.protectValues, maxTtl }, layout.values.slice(0, -1)),
    );
  }
  if (options.store !== 'memory') {
    // The module loads the driver whenever a cache uses Redis; its absence here is a bug, not a user error.
    if (!redisDriver) throw redisDriverMissing(options.name);
    all.push(
      new RedisTier({
        driver: redisDriver,
        name: options.name,
        target: options.redis!,
        label: `cache "${options.name}"`,
        layout,
        opTimeoutMs: options.opTimeoutMs,
        connectTimeoutMs: options.connectTimeoutMs,
        breakerThreshold: options.breakerThreshold,
        breakerResetMs: options.breakerResetMs,
        warnIntervalMs: options.warnIntervalMs,
        l1Sync: options.store === 'tiered' && options.l1Sync,
        logger,
      }),
    );
  }
  return { all, remote: all.filter((t) => t.kind === 'redis'), l1: all[0].memory };
}
