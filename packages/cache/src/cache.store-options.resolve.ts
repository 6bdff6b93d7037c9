import {
  flag,
  integer,
  milliseconds,
  oneOf,
  type OptionField,
  type OptionProblems,
  type ResolvedSpec,
  text,
} from '@ballast/kernel';
import { BallastCacheError, INVALID_OPTIONS } from './cache.errors.js';
import type { CacheStoreKind, CacheStoreOptions, ResolvedStoreOptions } from './cache.options.js';
import { resolveTarget, TOPOLOGY_FIELDS } from './cache.topology.js';

const REDIS_URL = /^rediss?:\/\//;
const STORE_KINDS = ['memory', 'redis', 'tiered'] as const satisfies readonly CacheStoreKind[];
const STORE_KIND = oneOf(STORE_KINDS).fix("A 'redis://' or 'rediss://' URL is shorthand for { store: 'redis', url }.");
/** `'memory'`, `'redis'`, `'tiered'`, or a Redis URL (shorthand for `{ store: 'redis', url }`). */
const storeField: OptionField<string, false> = {
  ...STORE_KIND,
  expected: "one of 'memory', 'redis', 'tiered', or a 'redis://' URL",
  parse: (value) =>
    typeof value === 'string' && REDIS_URL.test(value)
      ? { value }
      : typeof value === 'string' && value.includes('@')
        ? // Anything that looks like it holds a password is never echoed.
          { problem: `must be one of 'memory', 'redis', 'tiered', or a 'redis://' URL, got ${redact(value)}.` }
        : STORE_KIND.parse(value),
};

/**
 * Settings of one cache, none defaulted here: a named cache inherits what it leaves out from the module level, and
 * the defaults of `max` and `critical` depend on the store. A Record, so that adding an option without a field fails
 * to compile.
 */
export const STORE = {
  store: storeField,
  // Any string here; whether it is a Redis URL is checked with the store kind, never echoing its password.
  url: text(),
  ...TOPOLOGY_FIELDS,
  ttlMs: milliseconds(),
  max: integer(1, Number.MAX_SAFE_INTEGER, 'an integer number of entries'),
  l1TtlMs: milliseconds(1),
  l1Sync: flag(),
  l1FallbackTtlMs: milliseconds(1),
  loadLock: flag(),
  loadLockWaitMs: milliseconds(1),
  loadLockTtlMs: milliseconds(1),
  opTimeoutMs: milliseconds(1),
  connectTimeoutMs: milliseconds(1),
  breakerThreshold: integer(1, Number.MAX_SAFE_INTEGER, 'an integer number of failures'),
  breakerResetMs: milliseconds(1),
  refreshAheadMs: milliseconds(),
  protectValues: flag(),
  critical: flag(),
  warnIntervalMs: milliseconds(),
} satisfies Record<keyof CacheStoreOptions, OptionField<unknown>>;

/** Millisecond options renamed before 1.0: the old name is refused with the new one, wherever a cache's options go. */
export const RENAMED_STORE_OPTIONS: Record<string, string> = {
  ttl: 'renamed: use ttlMs (milliseconds)',
  l1Ttl: 'renamed: use l1TtlMs (milliseconds)',
  opTimeout: 'renamed: use opTimeoutMs (milliseconds)',
  connectTimeout: 'renamed: use connectTimeoutMs (milliseconds)',
  refreshAhead: 'renamed: use refreshAheadMs (milliseconds)',
};

export type StoreValues = Partial<ResolvedSpec<typeof STORE>>;

/** A `redis://` store read as `{ store: 'redis', url }` (the store's URL wins over a `url` beside it). */
export function shorthand(values: StoreValues): StoreValues {
  return values.store !== undefined && REDIS_URL.test(values.store)
    ? { ...values, store: 'redis', url: values.store }
    : values;
}

/** One cache's settings: its own, else the module-level ones, else the defaults of its store. */
export function resolveStore(
  name: string,
  base: StoreValues,
  own: StoreValues,
  path: string,
  problems: OptionProblems,
): ResolvedStoreOptions {
  const pick = <K extends keyof StoreValues>(key: K): StoreValues[K] => (own[key] !== undefined ? own[key] : base[key]);
  const kind = (pick('store') ?? 'memory') as CacheStoreKind;
  // Where Redis is comes whole from one level: a cache that names its own url, cluster or sentinel ignores the others.
  const ownTopology = own.url !== undefined || own.cluster !== undefined || own.sentinel !== undefined;
  const where = ownTopology ? own : base;
  const url = where.url;
  // A store or url that did not parse already has its problem.
  const parsed = ['store', 'url', `${path}store`, `${path}url`].every((p) => !problems.has(p));
  const target =
    kind === 'memory'
      ? undefined
      : resolveTarget(
          {
            url,
            cluster: where.cluster,
            sentinel: where.sentinel,
            username: pick('username'),
            password: pick('password'),
            tls: pick('tls'),
          },
          path,
          problems,
        );
  const answered = [`${path}cluster`, `${path}sentinel`].some((p) => problems.has(p));
  if (kind !== 'memory' && parsed && !answered && target === undefined) {
    problems.add(
      `${path}url`,
      `store '${kind}' needs a Redis URL such as 'redis://127.0.0.1:6379', got ${url === undefined ? 'nothing' : redact(url)}; or give cluster: { nodes } or sentinel: { masterName, sentinels }.`,
    );
  } else if (target?.kind === 'standalone' && !/^rediss?:\/\/\S+$/.test(target.url) && parsed) {
    problems.add(
      `${path}url`,
      `store '${kind}' needs a Redis URL such as 'redis://127.0.0.1:6379', got ${redact(target.url)}.`,
    );
  }
  if (target?.kind === 'cluster' && /[{}]/.test(name)) {
    problems.add(
      `${path}cluster`,
      `the cache name ${JSON.stringify(name)} holds a brace, which Redis Cluster reads as a hash tag; rename it.`,
    );
  }
  if (kind === 'memory' && pick('loadLock') === true) {
    problems.add(
      `${path}loadLock`,
      "needs Redis: set store 'redis' or 'tiered' (a memory cache already shares one load per key within the process).",
    );
  }
  return {
    name,
    store: kind,
    url: target?.kind === 'standalone' ? target.url : undefined,
    redis: target,
    ttlMs: pick('ttlMs') ?? 60_000,
    max: pick('max') ?? (kind === 'tiered' ? 1_000 : 10_000),
    l1TtlMs: pick('l1TtlMs') ?? 5_000,
    l1Sync: pick('l1Sync') ?? true,
    l1FallbackTtlMs: pick('l1FallbackTtlMs') ?? 1_000,
    loadLock: pick('loadLock') ?? false,
    loadLockWaitMs: pick('loadLockWaitMs') ?? 5_000,
    loadLockTtlMs: pick('loadLockTtlMs') ?? 10_000,
    opTimeoutMs: pick('opTimeoutMs') ?? 100,
    connectTimeoutMs: pick('connectTimeoutMs') ?? 1_000,
    breakerThreshold: pick('breakerThreshold') ?? 5,
    breakerResetMs: pick('breakerResetMs') ?? 2_000,
    refreshAheadMs: pick('refreshAheadMs') ?? 0,
    protectValues: pick('protectValues') ?? true,
    // A failing Redis-backed cache only degrades the app (it answers from the source): not critical by default.
    critical: pick('critical') ?? kind === 'memory',
    warnIntervalMs: pick('warnIntervalMs') ?? 30_000,
  };
}

/** A URL as an error shows it: quoted, its password (or whatever precedes '@') never echoed. */
function redact(url: string): string {
  return JSON.stringify(url.replace(/^([a-z][a-z0-9+.-]*:\/*)?[^@]*@/i, (_, scheme?: string) => `${scheme ?? ''}***@`));
}

/** Per-call option names renamed before 1.0, with their new name. */
const RENAMED_CALL_OPTIONS = [
  ['ttl', 'ttlMs'],
  ['refreshAhead', 'refreshAheadMs'],
] as const;

/**
 * Refuses the old name of a per-call option (`{ ttl }` given to set/wrap or a decorator, from JavaScript or through
 * `as any`), which would otherwise be ignored silently. `where` names the call: `cache.set()`, `@Cacheable()`.
 * @internal
 */
export function refuseRenamedCallOptions(options: object | undefined, where: string): void {
  if (options === undefined || options === null || typeof options !== 'object') return;
  for (const [old, renamed] of RENAMED_CALL_OPTIONS) {
    if (old in options) {
      throw new BallastCacheError(
        INVALID_OPTIONS,
        `Invalid options of ${where}: ${old} was renamed: use ${renamed} (milliseconds).`,
      );
    }
  }
}
