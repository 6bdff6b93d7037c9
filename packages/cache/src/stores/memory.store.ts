import { LRUCache } from 'lru-cache';
import { snapshot } from './protect.js';

/** What Keyv stores for one entry (Keyv with `serialize: undefined`). @internal */
export interface StoredEntry {
  value: unknown;
  expires?: number;
}

/** @internal */
export interface MemoryStoreOptions {
  max: number;
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

  /** The live entry, or undefined (expired entries are dropped here). The hot path of a memory hit. */
  entry(key: string): StoredEntry | undefined {
    const entry = this.lru.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires !== undefined && entry.expires <= Date.now()) {
      this.lru.delete(key);
      return undefined;
    }
    return entry;
  }

  get(key: string): StoredEntry | undefined {
    return this.lru.get(key);
  }

  set(key: string, entry: StoredEntry, _ttl?: number): boolean {
    if (this.options.protectValues) entry.value = snapshot(entry.value);
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
    return this.entry(key) !== undefined;
  }

  get size(): number {
    return this.lru.size;
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
