import { AsyncLocalStorage } from 'node:async_hooks';
import { BallastConfigError } from './config.errors.js';
import { validateEnvAsync, type EnvCheckOptions, type ValidatedEnv } from './config.validate-env.js';

/** Options of `bootstrapWithConfig`. */
export interface BootstrapWithConfigOptions {
  /**
   * Check the environment against these options (`forRoot`'s, plus `namespaces`) before `main` runs: with `main`
   * importing the app dynamically, a bad deployment is reported before NestJS or any module of the app loads.
   * `main` receives the validated environment.
   * @default no early check (errors are reported when the module finds them)
   */
  config?: EnvCheckOptions;
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
 * The start-up path of an app (`main.ts`): runs `main`, and if the configuration is invalid — checked first with
 * `options.config`, or found by `BallastConfigModule` while the app builds — writes a short report to stderr (every
 * problem, no secret value, no stack trace) and exits with code 1. Any other error is rethrown untouched.
 *
 * This and @ballast/shutdown are the only places in ballast that end the process: here, only because the app
 * cannot start.
 *
 * @example
 * // main.ts — imports only '@ballast/config/env' (no NestJS) until the environment is known to be valid
 * import { bootstrapWithConfig } from '@ballast/config/env';
 * import { envSchema } from './config/env.schema.js';
 *
 * await bootstrapWithConfig(
 *   async () => {
 *     const { bootstrap } = await import('./bootstrap.js'); // NestFactory, AppModule, ... load only now
 *     await bootstrap();
 *   },
 *   { config: { schema: envSchema } },
 * );
 */
export async function bootstrapWithConfig<T>(
  main: (env: ValidatedEnv | undefined) => T | Promise<T>,
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
    return await storage.run(scope, async () => {
      const env = options.config === undefined ? undefined : await validateEnvAsync(options.config);
      return main(env);
    });
  } catch (error) {
    if (!isBallastConfigError(error)) throw error;
    scope.report(error);
    return undefined;
  }
}
