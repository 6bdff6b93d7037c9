/**
 * Key layout: `<namespace>:<cache name>:<kind>:<key>`. The namespace and the cache name are escaped (`\` → `\\`,
 * `:` → `\:`), so the first three parts always split the same way; the key (or tag) is the last part and needs no
 * escaping: `a:b` + key `c` and `a` + key `b:c` differ in their prefix. No two (namespace, cache, key) triples share
 * a store key, and the hit path builds a key with one concatenation.
 * @internal
 */
export function escapeKeyPart(part: string): string {
  // Fast path: the common key has neither character and is returned as is (no allocation on the hit path).
  if (part.indexOf(':') === -1 && part.indexOf('\\') === -1) return part;
  return part.replace(/[\\:]/g, (c) => `\\${c}`);
}

/** Escapes Redis glob metacharacters so a prefix matches literally in SCAN MATCH. @internal */
export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]^-]/g, (c) => `\\${c}`);
}

/** @internal */
export interface KeyLayout {
  /** Prefix of every value key of this cache (the key follows, unescaped). */
  values: string;
  /** Prefix of every tag set of this cache. */
  tags: string;
  /** Key of the health probe of this cache. */
  health: string;
}

/** @internal */
export function keyLayout(namespace: string, cacheName: string, hashTag = false): KeyLayout {
  const scope = `${escapeKeyPart(namespace)}:${escapeKeyPart(cacheName)}`;
  // Redis Cluster: `{…}` puts every key of one cache in one hash slot, so multi-key commands and scripts stay legal.
  const base = hashTag ? `{${scope}}:` : `${scope}:`;
  return { values: `${base}v:`, tags: `${base}t:`, health: `${base}h` };
}
