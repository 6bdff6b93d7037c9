import type { ResolvedStoreOptions } from '../cache.options.js';
import type { CacheTiers } from './build-tiers.js';
import type { Flight, InFlight } from './in-flight.js';

/**
 * Tiered with `l1Sync`: other instances' invalidations evict this L1 and make the loads and reads of those keys in
 * flight here stale (their results are answered, not stored); while the channel is down, L1 entries live at most
 * `l1FallbackTtlMs`, and L1 starts afresh each time the channel goes down or comes back (messages may be missed).
 * @internal
 */
export function followL1Sync(
  tiers: CacheTiers,
  options: Pick<ResolvedStoreOptions, 'l1TtlMs' | 'l1FallbackTtlMs'>,
  invalidateInFlight: (invalidate: (flights: InFlight<Flight>) => void) => void,
): void {
  const sync = tiers.remote[0]?.sync;
  const l1 = tiers.l1;
  if (sync === undefined || l1 === undefined) return;
  const fallback = Math.min(options.l1TtlMs, options.l1FallbackTtlMs);
  l1.capLifetime(fallback);
  sync.start(
    ({ keys, prefix }) => {
      for (const key of keys ?? []) {
        l1.delete(key);
        invalidateInFlight((f) => f.invalidateKey(key));
      }
      if (prefix !== undefined) {
        l1.deletePrefix(prefix);
        invalidateInFlight((f) => f.invalidatePrefix(prefix));
      }
    },
    (up) => {
      l1.clear();
      l1.capLifetime(up ? options.l1TtlMs : fallback);
    },
  );
}
