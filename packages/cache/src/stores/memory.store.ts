import { LRUCache } from 'lru-cache';
import { copyValue } from './value-copy.js';

/** What Keyv stores for one entry (Keyv with `serialize: undefined`). @internal */
export interface StoredEntry {
  value: unknown;
  expires?: number;
}

/** @internal */
export interface MemoryStoreOptions {
  max: number;
  /** Copy values on write and on every read (see protect.ts); false: callers share the stored object. */
  protectValues: boolean;
  /** Cap of an entry's lifetime (L1 of a tiered cache), in ms. */
  maxTtl?: number;
}

/**
 * Bounded LRU store in the shape Keyv expects of a Map-like adapter (`get/set/delete/clear`), so cache-manager and
 * Keyv use it as is. It also keeps the tag index of this process's entries.
 * @internal
 */
export class MemoryStore {
  /** Keyv assigns this; keys already carry ballast's namespace. */
  namespace?: string;
  private readonly lru: LRUCache<string, StoredEntry>;
  private readonly tagsByKey = new Map<string, string[]>();
  private readonly keysByTag = new Map<string, Set<string>>();

  constructor(private readonly options: MemoryStoreOptions) {
    this.lru = new LRUCache<string, StoredEntry>({
      max: options.max,
      // Keeps the tag index bounded too: a key leaves its tags when it leaves the LRU (eviction, delete, overwrite).
      dispose: (_value, key) => this.untag(key),
    });
  }

  /**
   * The live entry, or undefined (expired entries are dropped here). The hot path of a memory hit. With
   * `protectValues` the caller gets its own copy of the value (a fresh entry object), never the stored one.
   */
  entry(key: string): StoredEntry | undefined {
    const entry = this.live(key);
    if (entry === undefined || !this.options.protectValues) return entry;
    return { value: copyValue(entry.value), expires: entry.expires };
  }

  /** Keyv's read (`CACHE_MANAGER`): the same copy on read as `entry()`. */
  get(key: string): StoredEntry | undefined {
    const entry = this.lru.get(key);
    if (entry === undefined || !this.options.protectValues) return entry;
    return { value: copyValue(entry.value), expires: entry.expires };
  }

  /** Changes the cap of new entries' lifetime (tiered L1: shorter while the sync channel is down). */
  capLifetime(maxTtl: number | undefined): void {
    this.options.maxTtl = maxTtl;
  }

  set(key: string, entry: StoredEntry, _ttl?: number): boolean {
    // A new entry object: the caller's entry (Keyv's, or the tiered L2 read) keeps the value it had.
    if (this.options.protectValues) entry = { value: copyValue(entry.value), expires: entry.expires };
    const cap = this.options.maxTtl;
    if (cap !== undefined) {
      const limit = Date.now() + cap;
      if (entry.expires === undefined || entry.expires > limit) entry.expires = limit;
    }
    this.lru.set(key, entry);
    return true;
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  get size(): number {
    return this.lru.size;
  }

  deletePrefix(prefix: string): void {
    for (const key of this.keysWithPrefix(prefix)) this.lru.delete(key);
  }

  keysWithPrefix(prefix: string): string[] {
    const keys: string[] = [];
    for (const key of this.lru.keys()) if (key.startsWith(prefix)) keys.push(key);
    return keys;
  }

  tag(key: string, tags: string[]): void {
    if (tags.length === 0 || !this.lru.has(key)) return;
    this.tagsByKey.set(key, tags);
    for (const tag of tags) {
      let keys = this.keysByTag.get(tag);
      if (keys === undefined) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  keysWithTag(tag: string): string[] {
    return [...(this.keysByTag.get(tag) ?? [])];
  }

  private live(key: string): StoredEntry | undefined {
    const entry = this.lru.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires !== undefined && entry.expires <= Date.now()) {
      this.lru.delete(key);
      return undefined;
    }
    return entry;
  }

  private untag(key: string): void {
    const tags = this.tagsByKey.get(key);
    if (tags === undefined) return;
    this.tagsByKey.delete(key);
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
  }
}
