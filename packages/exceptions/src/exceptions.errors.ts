/** Error thrown by @ballast/exceptions; `code` is stable and documented in the README. */
export class BallastExceptionsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_EXCEPTIONS_INVALID_OPTIONS';

export function invalidOptions(problems: string[]): BallastExceptionsError {
  return new BallastExceptionsError(
    INVALID_OPTIONS,
    `Invalid BallastExceptionsModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
