import { BallastError, formatOptionProblems } from '@ballast/kernel';

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_CONTEXT_INVALID_OPTIONS';
/** Invalid input to `resolveRuntimeMode()`: a mode other than the three, or a variable that is not a name. */
export const INVALID_RUNTIME_MODE = 'BALLAST_CONTEXT_INVALID_RUNTIME_MODE';

/** Every code @ballast/context throws. */
export type ContextErrorCode = typeof INVALID_OPTIONS | typeof INVALID_RUNTIME_MODE;

/** Error thrown by @ballast/context; `code` is stable and documented in docs/error-codes.md. */
export class BallastContextError extends BallastError<ContextErrorCode> {}

export function invalidOptions(problems: string[]): BallastContextError {
  return new BallastContextError(INVALID_OPTIONS, formatOptionProblems('BallastContextModule', problems));
}

export function invalidRuntimeMode(problems: string[]): BallastContextError {
  return new BallastContextError(INVALID_RUNTIME_MODE, formatOptionProblems('runtime mode', problems));
}
