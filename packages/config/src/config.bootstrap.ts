import { AsyncLocalStorage } from 'node:async_hooks';
import { BallastConfigError } from './config.errors.js';

/** Where and how the report is written, and how the process ends; replaceable for tests. */
export interface BootstrapWithConfigOptions {
  /**
   * Where the short report goes.
   * @default process.stderr
   */
  stderr?: { write(text: string): unknown };
  /**
   * Ends the process after the report.
   * @default process.exit
   */
  exit?: (code: number) => void;
}

interface BootstrapScope {
  report(error: BallastConfigError): void;
}

// One storage per process, shared by the ESM and CJS builds of this package.
const STORAGE_KEY = Symbol.for('@ballast/config/bootstrap');
const storage: AsyncLocalStorage<BootstrapScope> = ((globalThis as Record<symbol, unknown>)[STORAGE_KEY] ??=
  new AsyncLocalStorage<BootstrapScope>()) as AsyncLocalStorage<BootstrapScope>;

/** True for a BallastConfigError from any copy of the package (see `BallastConfigError[Symbol.hasInstance]`). @internal */
export function isBallastConfigError(error: unknown): error is BallastConfigError {
  return error instanceof BallastConfigError;
}

/**
 * Called by the module where a configuration error is found: inside `bootstrapWithConfig`, the report is written and
 * the process ends right there, before Nest's own error handler can print a stack trace. Elsewhere (tests, apps that
 * handle the error themselves) it does nothing and the error is thrown as usual. @internal
 */
export function reportConfigError(error: unknown): void {
  if (isBallastConfigError(error)) storage.getStore()?.report(error);
}

/**
 * Runs an app's bootstrap (`main.ts`). If the configuration is invalid, writes a short report to stderr (every
 * problem, no secret value, no stack trace) and exits with code 1. Any other error is rethrown untouched.
 *
 * This and @ballast/shutdown are the only places in ballast that end the process: here, only because the app
 * cannot start.
 *
 * @example
 * // main.ts
 * void bootstrapWithConfig(async () => {
 *   const app = await NestFactory.create(AppModule);
 *   await app.listen(app.get(ConfigService).get('PORT'));
 * });
 */
export async function bootstrapWithConfig<T>(
  main: () => T | Promise<T>,
  options: BootstrapWithConfigOptions = {},
): Promise<T | undefined> {
  const stderr = options.stderr ?? process.stderr;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let reported = false;
  const scope: BootstrapScope = {
    report(error) {
      if (reported) return;
      reported = true;
      stderr.write(`${error.message}\n`);
      exit(1);
    },
  };
  try {
    return await storage.run(scope, main);
  } catch (error) {
    if (!isBallastConfigError(error)) throw error;
    scope.report(error);
    return undefined;
  }
}
