import type { CacheStoreKind } from '../cache.options.js';
import type { CacheCounters, CacheStats } from '../cache.types.js';
import type { ProbeResult } from '../stores/tier.js';
import type { CacheTiers } from './build-tiers.js';

/** What `cache.stats()` answers: the cache's own counters and its Redis level's (breaker, failures, pending). @internal */
export function cacheStats(
  name: string,
  store: CacheStoreKind,
  counters: CacheCounters,
  tiers: CacheTiers,
): CacheStats {
  const remote = tiers.remote[0];
  return {
    name,
    store,
    ...counters,
    errors: remote?.counters?.errors ?? 0,
    timeouts: remote?.counters?.timeouts ?? 0,
    skipped: remote?.counters?.skipped ?? 0,
    pendingDeletes: remote?.pendingDeletes ?? 0,
    circuit: remote?.breaker ?? 'closed',
    memoryEntries: tiers.l1?.size ?? 0,
  };
}

/** A real round trip (write and read of `key`) on every level; `l1`/`l2` details for a tiered cache. @internal */
export async function probeTiers(store: CacheStoreKind, tiers: CacheTiers, key: string): Promise<ProbeResult> {
  const results = await Promise.all(tiers.all.map((t) => t.probe(key)));
  const details: Record<string, unknown> = { store };
  if (results.length === 1) Object.assign(details, results[0]!.details);
  else results.forEach((r, i) => (details[i === 0 ? 'l1' : 'l2'] = r.details));
  const sync = tiers.remote[0]?.sync;
  // Never fails the check: without the channel, L1 only gets shorter-lived (l1FallbackTtlMs).
  if (sync !== undefined) details.l1Sync = sync.connected ? 'up' : 'down';
  return { up: results.every((r) => r.up), details };
}
