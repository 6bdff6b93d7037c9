import { invalidOptions } from './cache.errors.js';
import { DEFAULT_CACHE_NAME } from './cache.constants.js';
import type {
  CacheModuleOptions,
  CacheStoreKind,
  CacheStoreOptions,
  ResolvedCacheOptions,
  ResolvedStoreOptions,
} from './cache.options.js';
import { credentialNames, defaultHttpIdentity } from './http/http-identity.js';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const STORE_KINDS: CacheStoreKind[] = ['memory', 'redis', 'tiered'];
const STORE_FIELDS: (keyof CacheStoreOptions)[] = [
  'store',
  'url',
  'ttl',
  'max',
  'l1Ttl',
  'opTimeout',
  'connectTimeout',
  'breakerThreshold',
  'breakerResetMs',
  'refreshAhead',
  'protectValues',
  'critical',
  'warnIntervalMs',
];

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveCacheOptions(options: CacheModuleOptions = {}): ResolvedCacheOptions {
  const problems: string[] = [];
  options ??= {};
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
    if (!STORE_FIELDS.includes(key as keyof CacheStoreOptions)) {
      problems.push(`${path}${key}: unknown option; a named cache accepts ${STORE_FIELDS.join(', ')}.`);
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

/** Never echo a password from a URL in an error message. */
function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
