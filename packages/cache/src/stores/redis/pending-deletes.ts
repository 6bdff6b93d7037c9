import type { Logger } from '@nestjs/common';

/** @internal */
export interface PendingDeletesOptions {
  label: string;
  logger: Logger;
  /** Most keys, prefixes and tags kept; beyond it the whole cache is cleared on replay. @default 10_000 */
  max?: number;
}

/** Keys named one by one in the log per outage; beyond it, one line says the rest are not named. */
const LOGGED_KEYS = 100;

/**
 * Deletes and invalidations that could not reach Redis (error, timeout, breaker open, client offline), kept in
 * process, deduplicated and bounded, until they are replayed: a delete is never lost silently, and the old value
 * does not come back when Redis does. While one is pending, Redis reads of the keys it covers are misses.
 * @internal
 */
export class PendingDeletes {
  private readonly keys = new Set<string>();
  private readonly prefixes = new Set<string>();
  private readonly tags = new Set<string>();
  private readonly max: number;
  private logged = 0;

  constructor(
    private readonly options: PendingDeletesOptions,
    /** Prefix of every value key of the cache: what is cleared when the queue overflows. */
    private readonly everything: string,
  ) {
    this.max = options.max ?? 10_000;
  }

  get size(): number {
    return this.keys.size + this.prefixes.size + this.tags.size;
  }

  /** True when a Redis read of `key` could return a value deleted in the meantime. */
  covers(key: string): boolean {
    if (this.keys.has(key) || this.tags.size > 0) return true;
    for (const prefix of this.prefixes) if (key.startsWith(prefix)) return true;
    return false;
  }

  addKeys(keys: readonly string[], why: string): void {
    for (const key of keys) {
      if (this.keys.has(key) || this.coveredByPrefix(key)) continue;
      if (this.size >= this.max) {
        this.overflow();
        return;
      }
      this.keys.add(key);
      this.log(`delete of "${key}"`, why);
    }
  }

  addPrefix(prefix: string, why: string): void {
    if (this.coveredByPrefix(prefix)) return;
    for (const key of this.keys) if (key.startsWith(prefix)) this.keys.delete(key);
    for (const known of this.prefixes) if (known.startsWith(prefix)) this.prefixes.delete(known);
    this.prefixes.add(prefix);
    this.log(`invalidation of prefix "${prefix}"`, why);
  }

  addTags(tags: readonly string[], why: string): void {
    for (const tag of tags) {
      if (this.tags.has(tag)) continue;
      if (this.size >= this.max) {
        this.overflow();
        return;
      }
      this.tags.add(tag);
      this.log(`invalidation of tag "${tag}"`, why);
    }
  }

  /** What to replay now; each part is removed with `done()` once Redis has it. */
  snapshot(): { keys: string[]; prefixes: string[]; tags: string[] } {
    return { keys: [...this.keys], prefixes: [...this.prefixes], tags: [...this.tags] };
  }

  done(part: { keys?: readonly string[]; prefixes?: readonly string[]; tags?: readonly string[] }): void {
    for (const key of part.keys ?? []) this.keys.delete(key);
    for (const prefix of part.prefixes ?? []) this.prefixes.delete(prefix);
    for (const tag of part.tags ?? []) this.tags.delete(tag);
    if (this.size === 0 && this.logged > 0) {
      this.options.logger.log(`${this.options.label}: pending Redis deletes replayed; Redis reads of them resumed.`);
      this.logged = 0;
    }
  }

  private coveredByPrefix(key: string): boolean {
    for (const prefix of this.prefixes) if (key.startsWith(prefix)) return true;
    return false;
  }

  private overflow(): void {
    this.options.logger.warn(
      `${this.options.label}: more than ${this.max} deletes are waiting for Redis; the whole cache will be cleared when Redis is back (its Redis entries are not read until then).`,
    );
    this.keys.clear();
    this.prefixes.clear();
    this.prefixes.add(this.everything);
  }

  private log(what: string, why: string): void {
    this.logged++;
    if (this.logged > LOGGED_KEYS + 1) return;
    if (this.logged === LOGGED_KEYS + 1) {
      this.options.logger.warn(
        `${this.options.label}: further deletes waiting for Redis are not named one by one (${this.size} pending).`,
      );
      return;
    }
    this.options.logger.warn(
      `${this.options.label}: ${what} did not reach Redis (${why}); it is kept and replayed when Redis answers, and Redis reads of it miss until then.`,
    );
  }
}
