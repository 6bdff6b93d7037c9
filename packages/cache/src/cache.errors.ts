import { BallastError, formatOptionProblems } from '@ballast/kernel';

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_CACHE_INVALID_OPTIONS';
/** A cache name was asked for (`@InjectCache`, `@Cacheable({ cache })`, ...) that no options declare. */
export const UNKNOWN_CACHE = 'BALLAST_CACHE_UNKNOWN_CACHE';
/** `@Cacheable` on a method that does not return a promise. */
export const NOT_ASYNC = 'BALLAST_CACHE_NOT_ASYNC';
/** `@Cacheable` / `@CacheEvict` on a controller, or on a request-scoped, durable or transient provider. */
export const DECORATOR_UNSUPPORTED_HOST = 'BALLAST_CACHE_DECORATOR_UNSUPPORTED_HOST';
/** A cache uses Redis but the Redis driver was not handed to it: a bug of this package, never a user error. */
export const REDIS_DRIVER_MISSING = 'BALLAST_CACHE_REDIS_DRIVER_MISSING';

/** Every code @ballast/cache throws. */
export type CacheErrorCode =
  | typeof INVALID_OPTIONS
  | typeof UNKNOWN_CACHE
  | typeof NOT_ASYNC
  | typeof DECORATOR_UNSUPPORTED_HOST
  | typeof REDIS_DRIVER_MISSING;

/** Error thrown by @ballast/cache; `code` is stable and documented in docs/error-codes.md. */
export class BallastCacheError extends BallastError<CacheErrorCode> {}

/** @internal */
export function invalidOptions(problems: string[]): BallastCacheError {
  return new BallastCacheError(INVALID_OPTIONS, formatOptionProblems('BallastCacheModule', problems));
}

/** @internal */
export function unknownCache(name: string, known: string[]): BallastCacheError {
  return new BallastCacheError(
    UNKNOWN_CACHE,
    `No cache named "${name}" is registered (known: ${known.join(', ')}). Declare it in BallastCacheModule.forRoot({ caches: { ${JSON.stringify(name)}: { ... } } }); with forRootAsync also list it in \`cacheNames\`.`,
  );
}

/** @internal */
export function notAsync(where: string): BallastCacheError {
  return new BallastCacheError(
    NOT_ASYNC,
    `${where} is decorated with @Cacheable but did not return a promise. Make the method async (cached values are read asynchronously).`,
  );
}

/** Where a cache decorator cannot work, and why. @internal */
export interface UnsupportedCacheMethod {
  /** `Class.method` */
  where: string;
  decorator: '@Cacheable' | '@CacheEvict';
  host: 'controller' | 'request-scoped provider' | 'transient provider';
}

/** @internal */
export function decoratorUnsupportedHost(methods: UnsupportedCacheMethod[]): BallastCacheError {
  const lines = methods.map(({ where, decorator, host }) => {
    const fix =
      host === 'controller'
        ? 'cache the response with @HttpCache() on the route, or move the method to a singleton provider the controller calls'
        : host === 'request-scoped provider'
          ? 'move the cached method to a singleton service this provider calls (it is request-scoped by its own scope, a durable scope, or by injecting REQUEST or a request-scoped provider)'
          : 'move the cached method to a singleton service (each consumer gets its own transient instance)';
    return `- ${decorator} on ${where} (a ${host}) is never applied: ${fix}.`;
  });
  return new BallastCacheError(
    DECORATOR_UNSUPPORTED_HOST,
    `Cache decorators only work on methods of singleton providers (one instance, wrapped at startup):\n${lines.join('\n')}`,
  );
}

/** @internal */
export function redisDriverMissing(cacheName: string): BallastCacheError {
  return new BallastCacheError(
    REDIS_DRIVER_MISSING,
    `cache "${cacheName}" uses Redis but @keyv/redis was not loaded. This is a bug of @ballast/cache: please report it.`,
  );
}
