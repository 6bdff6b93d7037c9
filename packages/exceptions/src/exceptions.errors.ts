import { BallastError, formatOptionProblems } from '@ballast/kernel';

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_EXCEPTIONS_INVALID_OPTIONS';

/** A mapper returned something that is not a valid answer (logged; the error is answered as a generic 500). */
export const INVALID_MAPPER_RESULT = 'BALLAST_EXCEPTIONS_INVALID_MAPPER_RESULT';

/** A mapper threw while mapping (logged; the next mapper is tried). */
export const MAPPER_FAILED = 'BALLAST_EXCEPTIONS_MAPPER_FAILED';

/** The `body` option threw while building an error body (logged; the body of `format` was sent). */
export const BODY_FAILED = 'BALLAST_EXCEPTIONS_BODY_FAILED';

/** The `body` option returned something that is not a body (logged; the body of `format` was sent). */
export const INVALID_BODY_RESULT = 'BALLAST_EXCEPTIONS_INVALID_BODY_RESULT';

/** Every code @ballast/exceptions throws or logs. */
export type ExceptionsErrorCode =
  | typeof INVALID_OPTIONS
  | typeof INVALID_MAPPER_RESULT
  | typeof MAPPER_FAILED
  | typeof BODY_FAILED
  | typeof INVALID_BODY_RESULT;

/** Error thrown (or logged) by @ballast/exceptions; `code` is stable and documented in docs/error-codes.md. */
export class BallastExceptionsError extends BallastError<ExceptionsErrorCode> {}

export function invalidOptions(problems: string[]): BallastExceptionsError {
  return new BallastExceptionsError(INVALID_OPTIONS, formatOptionProblems('BallastExceptionsModule', problems));
}

export function invalidMapperResult(mapper: string, why: string): BallastExceptionsError {
  return new BallastExceptionsError(
    INVALID_MAPPER_RESULT,
    `Exception mapper "${mapper}" returned an invalid result (${why}); the error was answered as a 500. ` +
      'Return { status: 400..599, message: string } or undefined to let the next mapper try.',
  );
}

export function mapperFailed(mapper: string, cause: unknown): BallastExceptionsError {
  return new BallastExceptionsError(
    MAPPER_FAILED,
    `Exception mapper "${mapper}" threw while mapping an error; the next mapper was tried. Make map() return ` +
      'undefined for errors it does not handle instead of throwing.',
    { cause },
  );
}

export function bodyFailed(cause: unknown): BallastExceptionsError {
  return new BallastExceptionsError(
    BODY_FAILED,
    'The exceptions `body` option threw while building an error body; the body of `format` was sent instead. ' +
      'Make the function read only the fields it is given (code, details and extensions can be undefined) and not throw.',
    { cause },
  );
}

export function invalidBodyResult(why: string): BallastExceptionsError {
  return new BallastExceptionsError(
    INVALID_BODY_RESULT,
    `The exceptions \`body\` option returned ${why}; the body of \`format\` was sent instead. ` +
      'Return the body as a plain object of JSON values, synchronously.',
  );
}
