import { Keyv } from 'keyv';
import { MemoryStore, type MemoryStoreOptions, type StoredEntry } from './memory.store.js';
import type { CacheTier, ProbeResult } from './tier.js';

/** @internal */
export class MemoryTier implements CacheTier {
  readonly kind = 'memory' as const;
  readonly keyv: Keyv;
  readonly memory: MemoryStore;

  /** @param namespace Keyv namespace: keys given to `CACHE_MANAGER` land under this cache's prefix. */
  constructor(options: MemoryStoreOptions, namespace: string) {
    this.memory = new MemoryStore(options);
    // No serialisation (like cache-manager's own default store): values stay objects, protected by the store on set.
    this.keyv = new Keyv(this.memory as any, { namespace });
    this.keyv.serialize = undefined;
    this.keyv.deserialize = undefined;
    this.keyv.on('error', () => undefined);
  }

  async readEntry(key: string): Promise<StoredEntry | undefined> {
    return this.memory.entry(key);
  }

  async tag(key: string, tags: string[]): Promise<void> {
    this.memory.tag(key, tags);
  }

  async keysWithTags(tags: string[]): Promise<string[]> {
    return tags.flatMap((tag) => this.memory.keysWithTag(tag));
  }

  async dropTags(): Promise<void> {
    // The index entries go away with their keys (LRU dispose).
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    return this.memory.keysWithPrefix(prefix);
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (const key of keys) this.memory.delete(key);
  }

  async probe(key: string): Promise<ProbeResult> {
    const started = performance.now();
    const token = Math.random().toString(36).slice(2);
    await this.keyv.set(key, token, 10_000);
    const read = await this.keyv.get(key);
    await this.keyv.delete(key);
    return {
      up: read === token,
      details: { store: 'memory', entries: this.memory.size, latencyMs: round(performance.now() - started) },
    };
  }

  async close(): Promise<void> {
    this.memory.clear();
  }
}

/** @internal */
export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
