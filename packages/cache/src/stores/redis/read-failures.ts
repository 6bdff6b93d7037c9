import type { FallbackKind } from '../circuit-breaker.js';

// Bounded: keys that failed and are never read again must not pile up during a long outage.
const MAX_KEYS = 10_000;

/**
 * Why the latest Redis read of a key fell back (the breaker answers a miss either way), so that the read is counted
 * as `error` or `timeout` rather than `miss`. A new read of the key forgets it; recovery forgets all.
 * @internal
 */
export class ReadFailures {
  private readonly byKey = new Map<string, FallbackKind>();

  started(key: string): void {
    if (this.byKey.size > 0) this.byKey.delete(key);
  }

  failed(key: string, kind: FallbackKind): void {
    if (this.byKey.size >= MAX_KEYS) this.byKey.clear();
    this.byKey.set(key, kind);
  }

  /** `error` (a failure, or not attempted: breaker open, client offline), `timeout`, or undefined (no failure). */
  of(key: string): 'error' | 'timeout' | undefined {
    if (this.byKey.size === 0) return undefined;
    const kind = this.byKey.get(key);
    return kind === undefined ? undefined : kind === 'timeout' ? 'timeout' : 'error';
  }

  clear(): void {
    this.byKey.clear();
  }
}
