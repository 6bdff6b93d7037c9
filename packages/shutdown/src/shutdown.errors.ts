/** Error thrown by @ballast/shutdown; `code` is stable and documented in the README. */
export class BallastShutdownError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_SHUTDOWN_INVALID_OPTIONS';

export function invalidOptions(problems: string[]): BallastShutdownError {
  return new BallastShutdownError(
    INVALID_OPTIONS,
    `Invalid BallastShutdownModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
