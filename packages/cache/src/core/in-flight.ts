/** Work in flight on one key: a load, a refresh, a Redis read whose result would be written back. @internal */
export interface Flight {
  /** Set when an invalidation of its key ran meanwhile: its result is answered but never stored. */
  stale: boolean;
  /** Tags its result would be stored with; `undefined` means unknown (any tag invalidation makes it stale). */
  tags?: readonly string[];
}

/**
 * Work in flight per key that an invalidation issued meanwhile makes stale ("invalidation wins"): a `del`, a
 * prefix or a tag invalidation marks the matching flights stale and detaches them, so their results are not stored
 * and callers arriving afterwards start afresh instead of joining a result read before the invalidation.
 * @internal
 */
export class InFlight<F extends Flight> {
  private readonly byKey = new Map<string, F>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): F | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  add(key: string, flight: F): F {
    this.byKey.set(key, flight);
    return flight;
  }

  /** Forgets `flight` if it is still the current one of `key` (a newer one may have replaced it). */
  end(key: string, flight: F): void {
    if (this.byKey.get(key) === flight) this.byKey.delete(key);
  }

  invalidateKey(key: string): void {
    const flight = this.byKey.get(key);
    if (flight === undefined) return;
    flight.stale = true;
    this.byKey.delete(key);
  }

  invalidatePrefix(prefix: string): void {
    for (const [key, flight] of this.byKey) {
      if (!key.startsWith(prefix)) continue;
      flight.stale = true;
      this.byKey.delete(key);
    }
  }

  invalidateTags(tags: readonly string[]): void {
    for (const [key, flight] of this.byKey) {
      if (flight.tags !== undefined && !flight.tags.some((tag) => tags.includes(tag))) continue;
      flight.stale = true;
      this.byKey.delete(key);
    }
  }
}
