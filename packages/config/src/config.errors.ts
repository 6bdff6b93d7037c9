/** Error thrown by @ballast/config; `code` is stable and documented in the README. */
export class BallastConfigError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_CONFIG_INVALID_OPTIONS';

export function invalidOptions(problems: string[]): BallastConfigError {
  return new BallastConfigError(
    INVALID_OPTIONS,
    `Invalid BallastConfigModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
