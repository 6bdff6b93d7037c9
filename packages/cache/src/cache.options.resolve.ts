import {
  createPathMatcher,
  field,
  isPathRule,
  list,
  type OptionField,
  type PathRule,
  plainObject,
  readOptions,
  text,
} from '@ballast/kernel';
import { DEFAULT_CACHE_NAME } from './cache.constants.js';
import { invalidOptions } from './cache.errors.js';
import type {
  CacheModuleOptions,
  HttpCacheOptions,
  ResolvedCacheOptions,
  ResolvedStoreOptions,
} from './cache.options.js';
import { RENAMED_STORE_OPTIONS, resolveStore, shorthand, STORE } from './cache.store-options.resolve.js';
import { credentialNames, defaultHttpIdentity } from './http/http-identity.js';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MODULE = {
  ...STORE,
  namespace: text().fix("Pass e.g. 'orders-api'.").default('ballast'),
  caches: field<Record<string, unknown>>(
    'an object of { <name>: { …cache options } }',
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  ).default({}),
  http: plainObject(),
} satisfies Record<keyof CacheModuleOptions, OptionField<unknown>>;

const nameList = (names: string, rule: string, pattern: RegExp, example: string) =>
  list(
    field<string>(`a ${names.slice(0, -1)} ${rule}`, (v) => typeof v === 'string' && pattern.test(v)),
    `an array of ${names} ${rule}`,
  )
    .fix(`They are added to the built-in list, e.g. ${example}.`)
    .default([] as string[]);

const HTTP = {
  identity: field<HttpCacheOptions['identity'] & object>(
    'a function (request) => string | undefined',
    (v) => typeof v === 'function',
  ),
  credentialHeaders: nameList('header names', '(no spaces or separators)', HEADER_NAME, "['x-tenant-pass']"),
  credentialQueryParams: nameList('parameter names', '(non-empty, no spaces)', /^\S+$/, "['ticket']"),
  ignorePaths: list(field<PathRule>("a path starting with '/' or a RegExp", isPathRule)).default(['/health']),
  cache: text().default(DEFAULT_CACHE_NAME),
} satisfies Record<keyof HttpCacheOptions, OptionField<unknown>>;

const MODULE_OTHER_NAMES: Record<string, string> = {
  ...RENAMED_STORE_OPTIONS,
  // The other extra of forRootAsync (isGlobal is the kernel's): a factory that returns it would have it ignored.
  cacheNames:
    'cacheNames is an option of forRootAsync() itself, not of the options the factory returns: write ' +
    "forRootAsync({ cacheNames: ['sessions'], useFactory })",
};

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveCacheOptions(options: CacheModuleOptions = {}): ResolvedCacheOptions {
  const { values, problems } = readOptions(MODULE, options, { otherNames: MODULE_OTHER_NAMES });
  const { namespace, caches: named, http: httpInput, ...base } = values;

  const inherited = shorthand(base);
  const caches: ResolvedStoreOptions[] = [resolveStore(DEFAULT_CACHE_NAME, inherited, {}, '', problems)];
  for (const [name, own] of Object.entries(named)) {
    const path = `caches.${name}`;
    if (name === DEFAULT_CACHE_NAME) {
      problems.add(path, `"${DEFAULT_CACHE_NAME}" is the module-level cache; set its options at the top level.`);
      continue;
    }
    if (name.trim() === '') {
      problems.add('caches', `a cache name must be a non-empty string, got ${JSON.stringify(name)}.`);
      continue;
    }
    const ownValues = readOptions(STORE, own, { path: `${path}.`, otherNames: RENAMED_STORE_OPTIONS }, problems).values;
    caches.push(resolveStore(name, inherited, shorthand(ownValues), `${path}.`, problems));
  }

  const http = readOptions(
    HTTP,
    httpInput,
    { path: 'http.', otherNames: { skipPaths: 'renamed: use ignorePaths' } },
    problems,
  ).values;
  if (!problems.has('http.cache') && !caches.some((c) => c.name === http.cache)) {
    problems.add('http.cache', `no cache named "${http.cache}"; declare it in \`caches\` or leave http.cache unset.`);
  }

  if (/[{}]/.test(namespace) && caches.some((c) => c.redis?.kind === 'cluster')) {
    problems.add('namespace', 'holds a brace, which Redis Cluster reads as a hash tag; pass a name without { or }.');
  }

  problems.throwIfAny(invalidOptions);
  return {
    namespace,
    caches,
    http: {
      identity: http.identity ?? defaultHttpIdentity,
      ignorePaths: http.ignorePaths,
      isIgnored: createPathMatcher(http.ignorePaths),
      cache: http.cache,
      credentialHeaders: http.credentialHeaders,
      credentialQueryParams: http.credentialQueryParams,
      credentials: credentialNames(http.credentialHeaders, http.credentialQueryParams),
    },
  };
}
