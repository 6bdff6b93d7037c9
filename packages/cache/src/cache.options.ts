import type { RedisClusterOptions, RedisSentinelOptions, RedisTarget } from './cache.topology.js';
import type { CredentialNames } from './http/http-identity.js';

/** Where one cache keeps its values. */
export type CacheStoreKind = 'memory' | 'redis' | 'tiered';

/** Settings of one cache. Every named cache inherits the module-level values and may override any of them. */
export interface CacheStoreOptions {
  /**
   * `'memory'`: a bounded in-process LRU. `'redis'`: Redis through Keyv (`@keyv/redis`), shared by every instance.
   * `'tiered'`: a small memory LRU (L1) in front of Redis (L2). A `redis://` / `rediss://` URL is shorthand for
   * `{ store: 'redis', url }`.
   * @default 'memory'
   */
  store?: CacheStoreKind | `redis://${string}` | `rediss://${string}`;
  /**
   * Redis URL (`redis://[user:password@]host:port[/db]` or `rediss://`), required for `'redis'` and `'tiered'`.
   * @example 'redis://127.0.0.1:6379'
   */
  url?: string;
  /**
   * Redis Cluster instead of `url`: seed nodes; the client finds the rest and follows slot moves and failovers. Each
   * cache's keys share one hash slot (`{<namespace>:<cache>}` hash tag), so its invalidations stay atomic; spread
   * load over the cluster with several named caches.
   * @example { nodes: ['10.0.0.1:6379', '10.0.0.2:6379', '10.0.0.3:6379'] }
   */
  cluster?: RedisClusterOptions;
  /**
   * Redis Sentinel instead of `url`: the client asks the sentinels for the master and follows a failover.
   * @example { masterName: 'mymaster', sentinels: ['10.0.0.1:26379', '10.0.0.2:26379'] }
   */
  sentinel?: RedisSentinelOptions;
  /** ACL user of the Redis nodes (cluster and sentinel; with `url`, put it in the URL). */
  username?: string;
  /** Password of the Redis nodes (cluster and sentinel; with `url`, put it in the URL). Never logged. */
  password?: string;
  /**
   * TLS to the Redis nodes (cluster and sentinel; with `url`, use `rediss://`).
   * @default true when a node is given as `rediss://`, else false
   */
  tls?: boolean;
  /**
   * Time to live of an entry in milliseconds (cache-manager 7 / Keyv use milliseconds). `0` keeps entries until
   * evicted or deleted.
   * @default 60000
   */
  ttlMs?: number;
  /**
   * Maximum number of entries of the memory store (the LRU evicts the least recently used beyond it). For
   * `'tiered'` this is the size of L1. The memory store is never unbounded.
   * @default 10000 (memory), 1000 (L1 of tiered)
   */
  max?: number;
  /**
   * Tiered only: the longest an entry lives in the in-process L1, in milliseconds. Another instance's update or
   * eviction reaches this instance's L1 at most this late.
   * @default 5000
   */
  l1TtlMs?: number;
  /**
   * Tiered only: keep every instance's L1 in step over Redis pub/sub (on the cache's own Redis). Each write, delete,
   * tag, prefix and `clear` evicts the matching L1 entries on every other instance sharing the namespace; an instance
   * ignores its own messages. `false`: another instance's change reaches this L1 at most `l1TtlMs` late.
   * @default true
   */
  l1Sync?: boolean;
  /**
   * Tiered with `l1Sync`: while the sync channel is down (not yet connected, or lost), L1 entries live at most this
   * long, and L1 is emptied when the channel goes down and again when it is back (messages may have been missed). This
   * bounds how stale an L1 read can be without the channel. Shown in the cache's health details (never critical).
   * @default 1000
   */
  l1FallbackTtlMs?: number;
  /**
   * Single flight across instances for `wrap()` and `@Cacheable`: on a miss, the instance that takes a Redis lock
   * (token, `loadLockTtlMs`) runs the loader; the others wait for its value (up to `loadLockWaitMs`), then load
   * themselves. A lock holder that dies never hangs a request: waiters stop waiting after `loadLockWaitMs`. Within
   * one instance, concurrent misses always share one load.
   * @default false
   */
  loadLock?: boolean;
  /**
   * With `loadLock`: the longest a caller waits for another instance's load before it loads itself.
   * @default 5000
   */
  loadLockWaitMs?: number;
  /**
   * With `loadLock`: the lock's lifetime in Redis, released as soon as the value is stored (or the loader fails).
   * Longer than your slowest loader, so a slow load is not duplicated.
   * @default 10000
   */
  loadLockTtlMs?: number;
  /**
   * Every Redis operation gives up after this many milliseconds: a read that times out is a miss, a write is
   * dropped (and logged). Keep it well below your HTTP latency budget.
   * @default 100
   */
  opTimeoutMs?: number;
  /**
   * Milliseconds to open the TCP connection to Redis before the attempt counts as failed (node-redis
   * `socket.connectTimeout`). Reconnection goes on in the background with a capped backoff.
   * @default 1000
   */
  connectTimeoutMs?: number;
  /**
   * Consecutive Redis failures (errors or timeouts) that open the circuit breaker. While open, Redis is not called
   * at all: reads are misses, writes are dropped.
   * @default 5
   */
  breakerThreshold?: number;
  /**
   * How long the breaker stays open, in milliseconds, before one trial operation is let through (and closes it on
   * success). The breaker also closes as soon as the client reconnects.
   * @default 2000
   */
  breakerResetMs?: number;
  /**
   * Refresh-ahead window in milliseconds: a `wrap()` hit whose entry expires within this window is served from the
   * cache while one background call of the loader refreshes it. `0` turns it off.
   * @default 0
   */
  refreshAheadMs?: number;
  /**
   * Memory store (and L1 of a tiered cache): copy values when they are written and again on every read, so each
   * caller gets its own mutable value (class instances keep their class: an ORM entity read from the cache can be
   * changed, saved and removed) and no caller can change what another one reads. Redis values are JSON, so every
   * Redis read is a fresh copy anyway (plain objects). `false`: no copies; callers share the stored object (the one
   * that was written), so a change made by one caller is seen by every later reader. Turn off only for values nobody
   * mutates, when the copy on read costs too much (large values).
   * @default true
   */
  protectValues?: boolean;
  /**
   * Whether a failing health check of this cache fails readiness in `@ballast/health`. A failing Redis-backed cache
   * only degrades the app (it keeps answering from the source), so it is not critical by default.
   * @default true for 'memory', false for 'redis' and 'tiered'
   */
  critical?: boolean;
  /**
   * The same warning (Redis down, timeouts, breaker open) is logged at most once per this many milliseconds; the
   * next one says how many were suppressed.
   * @default 30000
   */
  warnIntervalMs?: number;
}

/** Options of the HTTP cache interceptor (`BallastCacheInterceptor`). */
export interface HttpCacheOptions {
  /**
   * Identity of the caller that the default key includes, so one user's response is never served to another.
   * Return `undefined` for an anonymous request. A request that carries a credential (a `req.user`, or a credential
   * header or query parameter, see `credentialHeaders`) whose identity is `undefined` is not cached unless the route
   * gives an explicit key.
   * @default reads `req.user.id ?? req.user.sub ?? req.user.userId`, plus `req.user.tenantId ?? req.tenantId`
   */
  identity?: (request: any) => string | undefined;
  /**
   * Request headers that carry a credential in your app, on top of the built-in ones. Names are matched
   * case-insensitively. Built in: `Authorization`, `Proxy-Authorization`, `Cookie`, `X-Api-Key`, `Api-Key`, `ApiKey`,
   * `X-Auth-Token`, `X-Access-Token`, `X-Session-Id`, `X-Session-Token`, `X-Csrf-Token`, `X-Xsrf-Token`,
   * `X-Amz-Security-Token`, `X-Goog-Api-Key`, and every header whose last word is token, key, apikey, secret,
   * signature, sig, password, passwd, credential(s), jwt, authorization or cookie, or with a word auth, session,
   * sessionid, csrf or xsrf. A request carrying one is cached only under its `identity`. The built-ins cannot be removed.
   * @example ['x-tenant-pass']
   * @default []
   */
  credentialHeaders?: string[];
  /**
   * Query parameters that carry a credential in your app, on top of the built-in ones (matched case-insensitively).
   * Built in: `api_key`, `apikey`, `api-key`, `access_token`, `id_token`, `refresh_token`, `token`, `key`, `sig`,
   * `signature`, `auth`, `session`, `sessionid`, `sid`, `jwt`, `password`, `secret`, `X-Amz-Credential`,
   * `X-Amz-Signature`, `X-Amz-Security-Token`, and every name matching the word rule of `credentialHeaders` (words split
   * at `-`, `_`, `.` and camelCase: `accessToken`, `client_secret`, `pageToken`).
   * @example ['ticket']
   * @default []
   */
  credentialQueryParams?: string[];
  /**
   * Paths that are never cached (health probes must always reach the app). A string matches the path itself, with a
   * trailing slash, and every path under it (`'/health'` matches `/health`, `/health/` and `/health/live`, not
   * `/healthz`); a RegExp is tested against the path (without the query string). The same rule as the logger's
   * `requestLogging.ignorePaths`.
   * @example ['/health', '/internal', /^\/v\d+\/stream\//]
   * @default ['/health']
   */
  ignorePaths?: (string | RegExp)[];
  /**
   * Name of the cache HTTP responses go to.
   * @default 'default'
   */
  cache?: string;
}

/** Options of `BallastCacheModule.forRoot()` / `forRootAsync()`: the settings of the default cache, plus named ones. */
export interface CacheModuleOptions extends CacheStoreOptions {
  /**
   * Prefix of every key this app writes (`<namespace>:<cache>:v:<key>`), so several apps can share one Redis.
   * @default 'ballast'
   */
  namespace?: string;
  /**
   * Named caches, each injectable with `@InjectCache(name)`. Each inherits the module-level settings.
   * @example { sessions: { ttlMs: 1_800_000 }, geo: { store: 'memory', max: 500 } }
   * @default {}
   */
  caches?: Record<string, CacheStoreOptions>;
  /** HTTP cache interceptor settings. */
  http?: HttpCacheOptions;
}

/** @internal */
export interface ResolvedStoreOptions {
  name: string;
  store: CacheStoreKind;
  url?: string;
  /** Where Redis is (redis and tiered). */
  redis?: RedisTarget;
  ttlMs: number;
  max: number;
  l1TtlMs: number;
  l1Sync: boolean;
  l1FallbackTtlMs: number;
  loadLock: boolean;
  loadLockWaitMs: number;
  loadLockTtlMs: number;
  opTimeoutMs: number;
  connectTimeoutMs: number;
  breakerThreshold: number;
  breakerResetMs: number;
  refreshAheadMs: number;
  protectValues: boolean;
  critical: boolean;
  warnIntervalMs: number;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedCacheOptions {
  namespace: string;
  caches: ResolvedStoreOptions[];
  http: Required<HttpCacheOptions> & {
    credentials: CredentialNames;
    /** Whether a request URL's path is one of `ignorePaths`. */
    isIgnored: (url: string) => boolean;
  };
}
