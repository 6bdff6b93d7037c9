// `@ballast/config/env`: everything that needs no NestJS, so main.ts can check the environment before loading the
// app (and Nest) at all. The main entry, `@ballast/config`, re-exports all of it.
import { BallastConfigError } from './config.errors.js';
import type { ConfigModuleExtras, ConfigModuleOptions } from './config.options.js';
import { resolveConfigOptions } from './config.options.resolve.js';
import { formatEntries, type ConfigEntry } from './loader/entries.js';
import { loadConfig } from './loader/load-config.js';
import type { BootstrapWithConfigOptions } from './config.bootstrap.js';

export {
  BallastConfigError,
  INVALID_OPTIONS as CONFIG_INVALID_OPTIONS,
  VALIDATION_FAILED as CONFIG_VALIDATION_FAILED,
  PROBLEM_CODES as CONFIG_PROBLEM_CODES,
  type ConfigProblem,
  type ConfigProblemCode,
} from './config.errors.js';
export { bootstrapWithConfig, type BootstrapWithConfigOptions } from './config.bootstrap.js';
export {
  defineNamespace,
  optional,
  type ConfigNamespace,
  type EnvRecord,
  type InferSchema,
  type NamespaceSchemaMap,
  type NamespaceValues,
} from './config.namespace.js';
export {
  bool,
  duration,
  logLevel,
  nodeEnv,
  port,
  secret,
  url,
  LOG_LEVELS,
  NODE_ENVS,
  type LogLevel,
  type NodeEnv,
  type UrlOptions,
} from './config.fragments.js';
export { DEFAULT_SECRET_PATTERNS, REDACTED } from './config.constants.js';
export { redactUrl } from './loader/secrets.js';
export type { ConfigEntry } from './loader/entries.js';
export type { ConfigSource } from './loader/sources.js';
export type { ConfigModuleExtras, ConfigModuleOptions } from './config.options.js';

/** What `validateEnv()` returns. */
export interface ValidatedEnv {
  /** Validated, coerced values of every declared variable. */
  values: Record<string, unknown>;
  /** Each namespace's value, by namespace name. */
  namespaces: Record<string, unknown>;
  /** Each declared variable, its value or `[REDACTED]`, and its source (see `BallastConfigService.describe()`). */
  entries: ConfigEntry[];
  /** `entries` as text lines. */
  lines: string[];
  /** Typo warnings (see the `typoWarnings` option). */
  warnings: string[];
}

/**
 * Loads and validates the configuration exactly as `BallastConfigModule.forRoot()` would (same options, `.env`
 * files, `NAME_FILE`, namespaces), without Nest. Throws a `BallastConfigError` listing every problem.
 */
export function validateEnv(options: ConfigModuleOptions & Pick<ConfigModuleExtras, 'namespaces'> = {}): ValidatedEnv {
  const { namespaces = [], ...rest } = options;
  const loaded = loadConfig(resolveConfigOptions(rest, namespaces));
  return {
    values: loaded.values,
    namespaces: loaded.namespaces,
    entries: loaded.entries,
    lines: formatEntries(loaded.entries),
    warnings: loaded.warnings,
  };
}

/**
 * For the top of `main.ts`, before the app is imported: validates the environment like `validateEnv()` and, when
 * it is invalid, writes the short report to stderr and exits with code 1 — without loading NestJS or any of the
 * app's modules, so a bad deployment fails in a fraction of a second. Returns the validated environment otherwise.
 *
 * @example
 * // main.ts
 * import { checkEnv } from '@ballast/config/env';
 * import { envSchema } from './config/env.schema.js'; // imports its fragments from '@ballast/config/env' too
 * checkEnv({ schema: envSchema });
 * const { bootstrap } = await import('./bootstrap.js'); // Nest and the app load only now
 */
export function checkEnv(
  options: ConfigModuleOptions & Pick<ConfigModuleExtras, 'namespaces'> = {},
  io: BootstrapWithConfigOptions = {},
): ValidatedEnv {
  try {
    return validateEnv(options);
  } catch (error) {
    if (!(error instanceof BallastConfigError)) throw error;
    (io.stderr ?? process.stderr).write(`${error.message}\n`);
    (io.exit ?? ((code: number) => process.exit(code)))(1);
    throw error; // only reached when a test replaces exit
  }
}
