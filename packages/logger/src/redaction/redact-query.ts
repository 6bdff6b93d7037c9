/**
 * Replaces the values of sensitive parameters in a query string (without the leading `?`), keeping the rest as is.
 * `names` holds lowercase names; parameter names are compared case-insensitively. @internal
 */
export function redactQuery(query: string, names: ReadonlySet<string>, censor: string): string {
  if (names.size === 0) return query;
  const parts = query.split('&');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    let name = eq === -1 ? part : part.slice(0, eq);
    if (name.includes('%') || name.includes('+')) {
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape cannot be a name we know; keep it as is.
      }
    }
    // `token[]=…` and `user[password]=…` style names (qs)
    const bracket = name.indexOf('[');
    const inner = bracket === -1 ? '' : name.slice(bracket + 1, name.indexOf(']', bracket));
    const base = bracket === -1 ? name : name.slice(0, bracket);
    if (names.has(base.toLowerCase()) || (inner !== '' && names.has(inner.toLowerCase()))) {
      parts[i] = `${eq === -1 ? part : part.slice(0, eq)}=${censor}`;
      changed = true;
    }
  }
  return changed ? parts.join('&') : query;
}
