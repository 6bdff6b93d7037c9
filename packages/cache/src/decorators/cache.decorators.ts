import { Inject, SetMetadata } from '@nestjs/common';
import {
  CACHE_EVICT_METADATA,
  CACHEABLE_METADATA,
  DEFAULT_CACHE_NAME,
  getCacheToken,
  HTTP_CACHE_METADATA,
} from '../cache.constants.js';
import { refuseRenamedCallOptions } from '../cache.store-options.resolve.js';

/** A key, or a function of the method's arguments that returns it. */
export type CacheKeyOption = string | ((...args: any[]) => string);
/** Tags, or a function of the method's arguments that returns them. */
export type CacheTagsOption = string[] | ((...args: any[]) => string[]);

/** Options of `@Cacheable()`. */
export interface CacheableOptions {
  /**
   * Cache key. A function receives the method's arguments.
   * @default `<Class>.<method>:<JSON of the arguments>`
   */
  key?: CacheKeyOption;
  /** Time to live in milliseconds. @default the cache's `ttlMs` */
  ttlMs?: number;
  /** Tags to invalidate the entry by. @default [] */
  tags?: CacheTagsOption;
  /** Name of the cache. @default 'default' */
  cache?: string;
  /** Refresh-ahead window in milliseconds. @default the cache's `refreshAheadMs` */
  refreshAheadMs?: number;
}

/**
 * Options of `@CacheEvict()`: what to remove once the method has succeeded. Key, prefix and tag functions receive the
 * method's arguments, and are called twice: before the call and after it, and what both give is evicted (a method
 * may change its arguments: TypeORM's `remove(entity)` clears `entity.id`, `save(entity)` assigns it).
 */
export interface CacheEvictOptions {
  /** Keys to delete (a function receives the method's arguments). @default [] */
  keys?: CacheKeyOption | CacheKeyOption[];
  /** Key prefixes to invalidate. @default [] */
  prefixes?: CacheKeyOption | CacheKeyOption[];
  /** Tags to invalidate. @default [] */
  tags?: CacheTagsOption;
  /** Name of the cache. @default 'default' */
  cache?: string;
  /** Evict before the method runs instead of after it succeeded. @default false */
  beforeInvocation?: boolean;
}

/** Options of `@HttpCache()` on a controller or route (with `BallastCacheInterceptor`). */
export interface HttpCacheRouteOptions {
  /**
   * Explicit key (a function receives the request). Given a key, the route is cached even for authenticated
   * requests: the key must then carry whatever makes the response differ between callers.
   * @default method + URL + caller identity
   */
  key?: string | ((request: any) => string | undefined);
  /** Time to live in milliseconds. @default the cache's `ttlMs` */
  ttlMs?: number;
  /** Tags, for `invalidateTags()`. @default [] */
  tags?: string[];
  /** Name of the cache. @default the module's `http.cache` */
  cache?: string;
  /** `false` turns caching off for this route (under a cached controller). @default true */
  enabled?: boolean;
}

/**
 * Caches the promise result of a provider method: the next call with the same key returns the cached value;
 * concurrent calls on a cold key run the method once. The method must return a promise.
 *
 * @example
 * @Cacheable({ key: (id: string) => `user:${id}`, ttlMs: 30_000, tags: ['users'] })
 * async findOne(id: string): Promise<User> { ... }
 */
export function Cacheable(options: CacheableOptions = {}): MethodDecorator {
  refuseRenamedCallOptions(options, '@Cacheable()');
  return SetMetadata(CACHEABLE_METADATA, { cache: DEFAULT_CACHE_NAME, ...options });
}

/**
 * Evicts keys, prefixes or tags once the decorated method succeeded (or before it runs, with `beforeInvocation`).
 *
 * @example
 * @CacheEvict({ keys: (id: string) => `user:${id}`, tags: ['users'] })
 * async update(id: string, dto: UpdateUserDto) { ... }
 */
export function CacheEvict(options: CacheEvictOptions): MethodDecorator {
  return SetMetadata(CACHE_EVICT_METADATA, { cache: DEFAULT_CACHE_NAME, ...options });
}

/** Injects the cache called `name` (a `BallastCache`); the default cache when omitted. */
export function InjectCache(name: string = DEFAULT_CACHE_NAME): ParameterDecorator & PropertyDecorator {
  return Inject(getCacheToken(name));
}

/** Route-level settings of `BallastCacheInterceptor` (key, ttlMs, tags, cache, or `enabled: false`). */
export function HttpCache(options: HttpCacheRouteOptions = {}): MethodDecorator & ClassDecorator {
  refuseRenamedCallOptions(options, '@HttpCache()');
  return SetMetadata(HTTP_CACHE_METADATA, options);
}
