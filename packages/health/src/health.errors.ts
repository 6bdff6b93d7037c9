/** Error thrown by @ballast/health; `code` is stable and documented in the README. */
export class BallastHealthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_HEALTH_INVALID_OPTIONS';

export function invalidOptions(problems: string[]): BallastHealthError {
  return new BallastHealthError(
    INVALID_OPTIONS,
    `Invalid BallastHealthModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
