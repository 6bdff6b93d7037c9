import { invalidOptions } from './cache.errors.js';
import { DEFAULT_CACHE_NAME } from './cache.constants.js';
import type {
  CacheModuleOptions,
  CacheStoreKind,
  CacheStoreOptions,
  HttpCacheOptions,
  ResolvedCacheOptions,
  ResolvedStoreOptions,
} from './cache.options.js';
import { credentialNames, defaultHttpIdentity } from './http/http-identity.js';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const STORE_KINDS: CacheStoreKind[] = ['memory', 'redis', 'tiered'];
// Records, so that adding an option without listing it here fails to compile.
const STORE_OPTIONS: Record<keyof CacheStoreOptions, true> = {
  store: true,
  url: true,
  ttl: true,
  max: true,
  l1Ttl: true,
  opTimeout: true,
  connectTimeout: true,
  breakerThreshold: true,
  breakerResetMs: true,
  refreshAhead: true,
  protectValues: true,
  critical: true,
  warnIntervalMs: true,
};
const STORE_FIELDS = Object.keys(STORE_OPTIONS);
const MODULE_FIELDS = [
  ...STORE_FIELDS,
  ...Object.keys({ namespace: true, caches: true, http: true } satisfies Record<
    Exclude<keyof CacheModuleOptions, keyof CacheStoreOptions>,
    true
  >),
];
const HTTP_FIELDS = Object.keys({
  identity: true,
  credentialHeaders: true,
  credentialQueryParams: true,
  skipPaths: true,
  cache: true,
} satisfies Record<keyof HttpCacheOptions, true>);
// The extras of forRoot/forRootAsync (ConfigurableModuleBuilder); a forRootAsync factory may return them. Not ours to
// refuse.
const EXTRAS = new Set(['isGlobal', 'cacheNames']);

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveCacheOptions(options: CacheModuleOptions = {}): ResolvedCacheOptions {
  const problems: string[] = [];
  options ??= {};
  if (typeof options === 'object') {
    for (const key of Object.keys(options)) {
      if (!MODULE_FIELDS.includes(key) && !EXTRAS.has(key)) {
        problems.push(unknownOption('', key, MODULE_FIELDS, `the options are ${MODULE_FIELDS.join(', ')}`));
      }
    }
  }
  const namespace = options.namespace ?? 'ballast';
  if (typeof namespace !== 'string' || namespace.length === 0) {
    problems.push(`namespace: must be a non-empty string (e.g. 'orders-api'), got ${JSON.stringify(namespace)}.`);
  }
  const caches: ResolvedStoreOptions[] = [resolveStore(DEFAULT_CACHE_NAME, options, {}, '', problems)];
  const named = options.caches ?? {};
  if (typeof named !== 'object' || Array.isArray(named)) {
    problems.push(`caches: must be an object of { <name>: { ...cache options } }, got ${typeof named}.`);
  } else {
    for (const [name, own] of Object.entries(named)) {
      if (name === DEFAULT_CACHE_NAME) {
        problems.push(
          `caches.${name}: "${DEFAULT_CACHE_NAME}" is the module-level cache; set its options at the top level.`,
        );
        continue;
      }
      if (name.length === 0) problems.push('caches: a cache name must be a non-empty string.');
      caches.push(resolveStore(name, options, own ?? {}, `caches.${name}.`, problems));
    }
  }
  const http = options.http ?? {};
  if (typeof http === 'object') {
    for (const key of Object.keys(http)) {
      if (!HTTP_FIELDS.includes(key)) {
        problems.push(unknownOption('http.', key, HTTP_FIELDS, `http accepts ${HTTP_FIELDS.join(', ')}`));
      }
    }
  }
  if (http.identity !== undefined && typeof http.identity !== 'function') {
    problems.push('http.identity: must be a function (request) => string | undefined.');
  }
  if (
    http.skipPaths !== undefined &&
    !(Array.isArray(http.skipPaths) && http.skipPaths.every((p) => typeof p === 'string'))
  ) {
    problems.push("http.skipPaths: must be an array of path prefixes, e.g. ['/health'].");
  }
  const credentialHeaders = nameList(
    http.credentialHeaders,
    'http.credentialHeaders',
    HEADER_NAME,
    "['x-tenant-pass']",
  );
  const credentialQueryParams = nameList(
    http.credentialQueryParams,
    'http.credentialQueryParams',
    /^\S+$/,
    "['ticket']",
  );
  function nameList(value: unknown, option: string, pattern: RegExp, example: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.push(
        `${option}: must be an array of names added to the built-in list, e.g. ${example}; got ${typeof value}.`,
      );
      return [];
    }
    const bad = value.filter((n) => typeof n !== 'string' || !pattern.test(n));
    if (bad.length > 0) {
      problems.push(
        `${option}: ${bad.map((n) => JSON.stringify(n) ?? String(n)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a valid name; give non-empty names without spaces${pattern === HEADER_NAME ? ' or separators' : ''}, e.g. ${example}.`,
      );
    }
    return value.filter((n): n is string => typeof n === 'string' && pattern.test(n));
  }
  const httpCache = http.cache ?? DEFAULT_CACHE_NAME;
  if (!caches.some((c) => c.name === httpCache)) {
    problems.push(`http.cache: no cache named "${httpCache}"; declare it in \`caches\` or leave http.cache unset.`);
  }
  if (problems.length > 0) throw invalidOptions(problems);
  return {
    namespace,
    caches,
    http: {
      identity: http.identity ?? defaultHttpIdentity,
      skipPaths: http.skipPaths ?? ['/health'],
      cache: httpCache,
      credentialHeaders,
      credentialQueryParams,
      credentials: credentialNames(credentialHeaders, credentialQueryParams),
    },
  };
}

function resolveStore(
  name: string,
  base: CacheStoreOptions,
  own: CacheStoreOptions,
  path: string,
  problems: string[],
): ResolvedStoreOptions {
  if (typeof own !== 'object') {
    problems.push(`${path.slice(0, -1)}: must be an object of cache options.`);
    own = {};
  }
  for (const key of Object.keys(own)) {
    if (!STORE_FIELDS.includes(key)) {
      problems.push(unknownOption(path, key, STORE_FIELDS, `a named cache accepts ${STORE_FIELDS.join(', ')}`));
    }
  }
  const pick = <K extends keyof CacheStoreOptions>(key: K): CacheStoreOptions[K] =>
    own[key] !== undefined ? own[key] : base[key];

  let store = pick('store') ?? 'memory';
  let url = pick('url');
  if (typeof store === 'string' && /^rediss?:\/\//.test(store)) {
    url = store;
    store = 'redis';
  }
  if (!STORE_KINDS.includes(store as CacheStoreKind)) {
    problems.push(`${path}store: "${String(store)}" is not one of ${STORE_KINDS.join('|')} (or a redis:// URL).`);
    store = 'memory';
  }
  const kind = store as CacheStoreKind;
  if (kind !== 'memory') {
    if (typeof url !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(url)) {
      problems.push(
        `${path}url: store '${kind}' needs a Redis URL such as 'redis://127.0.0.1:6379', got ${url === undefined ? 'nothing' : JSON.stringify(redact(String(url)))}.`,
      );
    }
  }
  const number = (key: keyof CacheStoreOptions, fallback: number, min: number): number => {
    const value = pick(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      problems.push(
        `${path}${key}: must be a number >= ${min} (milliseconds or a count), got ${JSON.stringify(value)}.`,
      );
      return fallback;
    }
    return value;
  };
  const bool = (key: keyof CacheStoreOptions, fallback: boolean): boolean => {
    const value = pick(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      problems.push(`${path}${key}: must be a boolean (true or false), got ${typeof value}.`);
      return fallback;
    }
    return value;
  };
  const max = number('max', kind === 'tiered' ? 1_000 : 10_000, 1);
  if (pick('max') !== undefined && !Number.isInteger(pick('max'))) {
    problems.push(`${path}max: must be a whole number of entries, got ${String(pick('max'))}.`);
  }
  return {
    name,
    store: kind,
    url: kind === 'memory' ? undefined : url,
    ttl: number('ttl', 60_000, 0),
    max: Math.floor(max),
    l1Ttl: number('l1Ttl', 5_000, 1),
    opTimeout: number('opTimeout', 100, 1),
    connectTimeout: number('connectTimeout', 1_000, 1),
    breakerThreshold: number('breakerThreshold', 5, 1),
    breakerResetMs: number('breakerResetMs', 2_000, 1),
    refreshAhead: number('refreshAhead', 0, 0),
    protectValues: bool('protectValues', true),
    critical: bool('critical', kind === 'memory'),
    warnIntervalMs: number('warnIntervalMs', 30_000, 0),
  };
}

/** "path.key: unknown option", with the closest known option (any case, or a small typo), else `otherwise`. */
function unknownOption(path: string, key: string, known: string[], otherwise: string): string {
  const match = closest(key, known);
  return match === undefined
    ? `${path}${key}: unknown option; ${otherwise}.`
    : `${path}${key}: unknown option; did you mean ${path}${match}?`;
}

function closest(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const max = lower.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Never echo a password from a URL in an error message. */
function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
