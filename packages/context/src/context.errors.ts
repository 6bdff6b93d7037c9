/** Error thrown by @ballast/context; `code` is stable and documented in the README. */
export class BallastContextError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_CONTEXT_INVALID_OPTIONS';

export function invalidOptions(problems: string[]): BallastContextError {
  return new BallastContextError(
    INVALID_OPTIONS,
    `Invalid BallastContextModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}

/** Invalid input to `resolveRuntimeMode()`: a mode other than the three, or a variable that is not a name. */
export const INVALID_RUNTIME_MODE = 'BALLAST_CONTEXT_INVALID_RUNTIME_MODE';

export function invalidRuntimeMode(problems: string[]): BallastContextError {
  return new BallastContextError(
    INVALID_RUNTIME_MODE,
    `Invalid runtime mode options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
