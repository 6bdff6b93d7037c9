import { BallastError, formatOptionProblems } from '@ballast/kernel';

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_LOGGER_INVALID_OPTIONS';

/** `pretty: true` but the optional peer `pino-pretty` is not installed. */
export const PRETTY_UNAVAILABLE = 'BALLAST_LOGGER_PRETTY_UNAVAILABLE';

/** `setLevel()` was given a level that does not exist. */
export const INVALID_LEVEL = 'BALLAST_LOGGER_INVALID_LEVEL';

/** Every code @ballast/logger throws. */
export type LoggerErrorCode = typeof INVALID_OPTIONS | typeof PRETTY_UNAVAILABLE | typeof INVALID_LEVEL;

/** Error thrown by @ballast/logger; `code` is stable and documented in docs/error-codes.md. */
export class BallastLoggerError extends BallastError<LoggerErrorCode> {}

export function invalidOptions(problems: string[]): BallastLoggerError {
  return new BallastLoggerError(INVALID_OPTIONS, formatOptionProblems('BallastLoggerModule', problems));
}

export function prettyUnavailable(cause: unknown): BallastLoggerError {
  return new BallastLoggerError(
    PRETTY_UNAVAILABLE,
    'BallastLoggerModule: `pretty: true` needs the optional peer dependency "pino-pretty", which could not be loaded.\n' +
      'Potential solutions:\n' +
      '- install it as a dev dependency: `npm i -D pino-pretty` (or pnpm/yarn add -D pino-pretty);\n' +
      '- or set `pretty: false` (JSON lines), e.g. `pretty: process.env.NODE_ENV !== "production"` where pino-pretty is a dev dependency.',
    { cause },
  );
}

export function invalidLevel(level: unknown, allowed: readonly string[]): BallastLoggerError {
  return new BallastLoggerError(
    INVALID_LEVEL,
    `BallastLogger.setLevel(): ${JSON.stringify(level)} is not a level; use one of ${allowed.join('|')}.`,
  );
}
