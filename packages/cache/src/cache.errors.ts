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

export function invalidOptions(problems: string[]): BallastCacheError {
  return new BallastCacheError(
    INVALID_OPTIONS,
    `Invalid BallastCacheModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
