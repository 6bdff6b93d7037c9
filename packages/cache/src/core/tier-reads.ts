import type { CacheMetrics } from '../cache.telemetry.js';
import type { StoredEntry } from '../stores/memory.store.js';
import type { CacheTiers } from './build-tiers.js';
import { InFlight, type Flight } from './in-flight.js';

/**
 * Reads from the remote level (Redis) with L1 backfill for a tiered cache. An invalidation of a key while its read
 * is in flight keeps that read's result out of L1 (invalidation wins).
 * @internal
 */
export class TierReads {
  /** L2 reads in flight (tiered): an invalidation meanwhile marks them stale. */
  readonly flights = new InFlight<Flight & { readers: number }>();

  /** Position of the first remote tier among all tiers (its `cache.tier` in the metrics). */
  private readonly remoteOffset: number;

  constructor(
    private readonly tiers: CacheTiers,
    private readonly metrics: CacheMetrics,
  ) {
    this.remoteOffset = tiers.all.length - tiers.remote.length;
  }

  async read(full: string): Promise<StoredEntry | undefined> {
    if (this.tiers.l1 === undefined) return this.readTiers(full);
    let read = this.flights.get(full);
    if (read === undefined) read = this.flights.add(full, { stale: false, readers: 0 });
    read.readers++;
    try {
      return await this.readTiers(full, read);
    } finally {
      if (--read.readers === 0) this.flights.end(full, read);
    }
  }

  private async readTiers(full: string, read?: Flight): Promise<StoredEntry | undefined> {
    const l1 = this.tiers.l1;
    const remote = this.tiers.remote;
    for (let i = 0; i < remote.length; i++) {
      const tier = remote[i];
      const entry = await tier.readEntry(full);
      if (entry === undefined || entry === null) {
        this.metrics.request(this.remoteOffset + i, tier.readFailure?.(full) ?? 'miss');
        continue;
      }
      this.metrics.request(this.remoteOffset + i, 'hit');
      // No backfill of a value read before an invalidation (or a set) of its key that ran meanwhile.
      if (l1 !== undefined && read?.stale === false) {
        // Backfill L1 with the remaining lifetime (the memory store caps it at l1TtlMs).
        const remaining = entry.expires === undefined ? undefined : entry.expires - Date.now();
        if (remaining === undefined || remaining > 0) l1.set(full, { value: entry.value, expires: entry.expires });
      }
      return entry;
    }
    return undefined;
  }
}
