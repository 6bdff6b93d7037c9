/** Error thrown by @ballast/logger; `code` is stable and documented in the README. */
export class BallastLoggerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_LOGGER_INVALID_OPTIONS';

export function invalidOptions(problems: string[]): BallastLoggerError {
  return new BallastLoggerError(
    INVALID_OPTIONS,
    `Invalid BallastLoggerModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
