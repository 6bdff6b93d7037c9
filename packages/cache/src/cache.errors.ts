/** Error thrown by @ballast/cache; `code` is stable and documented in the README. */
export class BallastCacheError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_CACHE_INVALID_OPTIONS';
/** A cache name was asked for (`@InjectCache`, `@Cacheable({ cache })`, ...) that no options declare. */
export const UNKNOWN_CACHE = 'BALLAST_CACHE_UNKNOWN_CACHE';
/** `@Cacheable` on a method that does not return a promise. */
export const NOT_ASYNC = 'BALLAST_CACHE_NOT_ASYNC';

/** @internal */
export function invalidOptions(problems: string[]): BallastCacheError {
  return new BallastCacheError(
    INVALID_OPTIONS,
    `Invalid BallastCacheModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
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
