import { BallastError, formatOptionProblems } from '@ballast/kernel';

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_SHUTDOWN_INVALID_OPTIONS';
/** `enableBallastShutdown(app)` was called on an app that does not import `BallastShutdownModule`. */
export const MODULE_MISSING = 'BALLAST_SHUTDOWN_MODULE_MISSING';
/** `addHook()` / `@BeforeShutdown()` was given something unusable. */
export const INVALID_HOOK = 'BALLAST_SHUTDOWN_INVALID_HOOK';
/** A shutdown hook did not finish within its timeout (reported in the log, never thrown to app code). */
export const HOOK_TIMEOUT = 'BALLAST_SHUTDOWN_HOOK_TIMEOUT';

/** Every code @ballast/shutdown throws. */
export type ShutdownErrorCode =
  typeof INVALID_OPTIONS | typeof MODULE_MISSING | typeof INVALID_HOOK | typeof HOOK_TIMEOUT;

/** Error thrown by @ballast/shutdown; `code` is stable and documented in docs/error-codes.md. */
export class BallastShutdownError extends BallastError<ShutdownErrorCode> {}

export function invalidOptions(problems: string[]): BallastShutdownError {
  return new BallastShutdownError(INVALID_OPTIONS, formatOptionProblems('BallastShutdownModule', problems));
}

export function moduleMissing(): BallastShutdownError {
  return new BallastShutdownError(
    MODULE_MISSING,
    'enableBallastShutdown(app): the app does not provide ShutdownService. Import BallastShutdownModule.forRoot() ' +
      '(or forRootAsync()) in your root module, then call enableBallastShutdown(app) after NestFactory.create().',
  );
}

export function invalidHook(problem: string): BallastShutdownError {
  return new BallastShutdownError(INVALID_HOOK, `Invalid shutdown hook: ${problem}`);
}

export function hookTimeout(name: string, timeoutMs: number): BallastShutdownError {
  return new BallastShutdownError(
    HOOK_TIMEOUT,
    `Shutdown hook "${name}" did not finish within ${timeoutMs} ms; it was abandoned. ` +
      'Make it finish sooner, or give it more time with { timeoutMs } (and keep timeoutMs of the module above the sum).',
  );
}
