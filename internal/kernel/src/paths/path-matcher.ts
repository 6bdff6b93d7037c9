/** An ignored-path entry: a path (itself and everything under it) or a RegExp tested against the path. @internal */
export type PathRule = string | RegExp;

/**
 * The one rule behind every "ignore these paths" option (the logger's request lines, the cache's HTTP cache):
 * a string matches the path itself, with a trailing slash, and every path under it (`'/health'` matches `/health`,
 * `/health/` and `/health/live`, not `/healthz`); a RegExp is tested against the path. The query string is never
 * part of the match.
 * @internal
 */
export function createPathMatcher(rules: readonly PathRule[]): (url: string) => boolean {
  const prefixes = rules
    .filter((r): r is string => typeof r === 'string')
    .map((p) => (p.length > 1 ? p.replace(/\/+$/, '') : p));
  const patterns = rules.filter((r): r is RegExp => r instanceof RegExp);
  return (url) => {
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    for (const prefix of prefixes) {
      if (prefix === '/') return true;
      if (path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/')) return true;
    }
    for (const pattern of patterns) {
      pattern.lastIndex = 0;
      if (pattern.test(path)) return true;
    }
    return false;
  };
}

/** True for a valid rule: a RegExp, or a path starting with '/'. @internal */
export function isPathRule(value: unknown): value is PathRule {
  return value instanceof RegExp || (typeof value === 'string' && value.startsWith('/'));
}
