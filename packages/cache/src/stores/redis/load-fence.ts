import type { KeyLayout } from '../../cache.keys.js';

/**
 * Cross-instance "invalidation wins" on Redis. Every delete of a value key also bumps that key's fence counter
 * (`<namespace>:<cache>:d:<key>`); a prefix invalidation bumps the cache's generation (`<namespace>:<cache>:g`), a
 * tag invalidation the tag's (`<namespace>:<cache>:g:<tag>`). A load reads its fence keys before its loader runs
 * (one MGET) and stores its result with {@link STORE_IF_UNCHANGED}: only if none moved meanwhile, on any instance.
 * @internal
 */
export class LoadFence {
  private readonly values: string;
  private readonly counters: string;
  private readonly generation: string;

  constructor(layout: KeyLayout) {
    const base = layout.values.slice(0, -'v:'.length);
    this.values = layout.values;
    this.counters = `${base}d:`;
    this.generation = `${base}g`;
  }

  /** The fence counter of a value key (bumped by its deletes). */
  counter(key: string): string {
    return this.counters + (key.startsWith(this.values) ? key.slice(this.values.length) : key);
  }

  /** The generation bumped by a prefix invalidation (`''`) or by the invalidation of `tag`. */
  generationOf(tag = ''): string {
    return tag === '' ? this.generation : `${this.generation}:${tag}`;
  }

  /** The fence keys of a load of `key` stored with `tags`, in the order of {@link version}. */
  keys(key: string, tags: readonly string[]): string[] {
    return [this.counter(key), this.generation, ...tags.map((tag) => this.generationOf(tag))];
  }

  /** The version a load saw: its fence keys' values, as the store script compares them. */
  static version(values: readonly unknown[]): string {
    return values.map((value) => value ?? '0').join(':');
  }
}

/**
 * Fence counters and tag generations live this long after their last bump: a load that began before an
 * invalidation and ends more than this after it is not fenced across instances (it stores its result as before).
 * Within one instance a load is always fenced, however long. The cache's generation never expires.
 * @internal
 */
export const FENCE_TTL_MS = 60_000;

/**
 * KEYS: value key, then the fence keys. ARGV: version seen by the load, serialized entry, ttl in ms or ''.
 * One MGET of the fence keys, compared with what the load read before it ran; SET only if equal.
 * @internal
 */
export const STORE_IF_UNCHANGED = `
local seen = redis.call('MGET', unpack(KEYS, 2))
for i = 1, #seen do if not seen[i] then seen[i] = '0' end end
if table.concat(seen, ':') ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('SET', KEYS[1], ARGV[2]) end
return 1`;
