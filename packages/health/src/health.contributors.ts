import type { DiscoveryService } from '@nestjs/core';
import { HEALTH_CONTRIBUTORS_TOKEN_PATTERN } from './health.constants.js';
import type { BallastHealthContributor } from './health.check-types.js';
import type { ResolvedHealthOptions } from './health.options.resolved.js';
import type { ProbeCheck } from './probe/probe-runner.js';

/**
 * Every health contributor other packages provide under a `BALLAST_*_HEALTH_CONTRIBUTORS` token (docs/contracts.md).
 * A global module's provider is seen once per module that lists it: same objects, kept once.
 */
export function discoverContributors(discovery: DiscoveryService): BallastHealthContributor[] {
  const found = new Set<BallastHealthContributor>();
  for (const wrapper of discovery.getProviders()) {
    if (typeof wrapper.token !== 'string' || !HEALTH_CONTRIBUTORS_TOKEN_PATTERN.test(wrapper.token)) continue;
    const value: unknown = wrapper.instance;
    if (!Array.isArray(value)) continue;
    for (const contributor of value as BallastHealthContributor[]) {
      if (contributor && typeof contributor.name === 'string' && typeof contributor.check === 'function') {
        found.add(contributor);
      }
    }
  }
  return [...found];
}

/** The contributors as readiness checks, with the module's timeout and cache and the overrides by name. */
export function contributorChecks(
  contributors: BallastHealthContributor[],
  options: Pick<ResolvedHealthOptions, 'timeoutMs' | 'cacheMs' | 'readiness'>,
): ProbeCheck[] {
  const { timeoutMs, cacheMs, readiness } = options;
  return contributors.map((contributor) => ({
    name: contributor.name,
    critical: contributor.critical !== false,
    timeoutMs,
    cacheMs,
    ...readiness.overrides[contributor.name],
    run: () => contributor.check(),
  }));
}
