/**
 * Key layout: `<namespace>:<cache name>:<kind>:<key>`, every user-supplied part escaped (`\` → `\\`, `:` → `\:`),
 * so no namespace, cache name, key or tag can produce another one's key.
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
  /** Prefix of every value key of this cache. */
  values: string;
  /** Prefix of every tag set of this cache. */
  tags: string;
  /** Key of the health probe of this cache. */
  health: string;
}

/** @internal */
export function keyLayout(namespace: string, cacheName: string): KeyLayout {
  const base = `${escapeKeyPart(namespace)}:${escapeKeyPart(cacheName)}:`;
  return { values: `${base}v:`, tags: `${base}t:`, health: `${base}h` };
}
