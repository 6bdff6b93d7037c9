import type { CacheMetrics } from '../cache.telemetry.js';
import type { CacheCounters, CacheSetOptions } from '../cache.types.js';
import type { RateLimitedWarner } from '../stores/rate-limited-warner.js';
import type { CacheTiers } from './build-tiers.js';

/**
 * Writes to every level in order: memory synchronously (a read right after sees it), then Redis under the op
 * timeout, one write per key at a time, so an eviction that waits for `pending(key)` cannot be overtaken.
 * @internal
 */
export class TierWrites {
  /** Redis writes not yet acknowledged, by key. */
  private readonly inProgress = new Map<string, Promise<unknown>>();

  constructor(
    private readonly tiers: CacheTiers,
    private readonly defaults: { name: string; ttlMs: number },
    private readonly counters: CacheCounters,
    private readonly warner: RateLimitedWarner,
    private readonly metrics: CacheMetrics,
  ) {}

  /** The Redis write of `full` not yet acknowledged, if any. */
  pending(full: string): Promise<unknown> | undefined {
    return this.inProgress.get(full);
  }

  /** Resolves when every write started so far has settled. */
  async settle(): Promise<void> {
    if (this.inProgress.size > 0) await Promise.all([...this.inProgress.values()]);
  }

  /**
   * Writes `value` (a loaded value is stored conditionally on `version`: see `storeLoaded`). The promise settles
   * when Redis has the value (or gave up); it never rejects. False when Redis refused a loaded value because an
   * invalidation won.
   */
  write(full: string, value: unknown, options: CacheSetOptions, version?: string): Promise<boolean> {
    if (value === undefined) return Promise.resolve(true);
    const ttl = options.ttlMs ?? this.defaults.ttlMs;
    const tags = options.tags ?? [];
    if (!this.writeMemory(full, value, ttl > 0 ? Date.now() + ttl : undefined, tags)) return Promise.resolve(true);
    if (this.tiers.remote.length === 0) return Promise.resolve(true);
    const previous = this.inProgress.get(full);
    const written: Promise<boolean> = (previous ?? Promise.resolve())
      .then(() => Promise.all(this.tiers.remote.map((tier) => this.writeRemote(tier, full, value, ttl, tags, version))))
      .then(
        (stored) => stored.every(Boolean),
        () => true,
      )
      .finally(() => {
        if (this.inProgress.get(full) === written) this.inProgress.delete(full);
      });
    this.inProgress.set(full, written);
    return written;
  }

  /** False when the value could not be copied into memory (then it is not cached at all). */
  private writeMemory(full: string, value: unknown, expires: number | undefined, tags: string[]): boolean {
    const l1 = this.tiers.l1;
    if (l1 === undefined) return true;
    try {
      l1.set(full, { value, expires });
      if (tags.length > 0 && this.tiers.remote.length === 0) l1.tag(full, tags);
      return true;
    } catch (error) {
      this.warner.warn(
        'copy',
        `cache "${this.defaults.name}": a value could not be copied into the memory store (${error instanceof Error ? error.message : String(error)}); it was not cached.`,
      );
      return false;
    }
  }

  private async writeRemote(
    tier: CacheTiers['remote'][number],
    full: string,
    value: unknown,
    ttl: number,
    tags: string[],
    version: string | undefined,
  ): Promise<boolean> {
    const ttlMs = ttl > 0 ? ttl : undefined;
    if (version !== undefined && tier.storeLoaded) {
      // A loaded value: stored only if no instance invalidated the key since the load's read.
      if ((await tier.storeLoaded(full, value, ttlMs, tags, version)) === false) {
        this.counters.staleLoads++;
        this.metrics.request(this.tiers.all.indexOf(tier), 'stale');
        this.tiers.l1?.delete(full);
        return false;
      }
    } else {
      await tier.keyv.set(full, value, ttlMs);
    }
    await tier.tag(full, tags, ttlMs);
    return true;
  }
}
