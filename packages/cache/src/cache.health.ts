import { CacheRegistry } from './cache.registry.js';
import type { HealthContributor } from '@ballast/kernel';

/** @internal Factory of the `BALLAST_CACHE_HEALTH_CONTRIBUTORS` provider. */
export function cacheHealthContributors(registry: CacheRegistry): HealthContributor[] {
  return registry.healthContributors();
}
