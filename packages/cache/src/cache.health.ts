import { CacheRegistry } from './cache.registry.js';
import type { BallastHealthContributor } from './cache.registry.js';

/** @internal Factory of the `BALLAST_CACHE_HEALTH_CONTRIBUTORS` provider. */
export function cacheHealthContributors(registry: CacheRegistry): BallastHealthContributor[] {
  return registry.healthContributors();
}
