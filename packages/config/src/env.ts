// `@ballast/config/env`: everything that needs no NestJS, so main.ts can check the environment before loading the
// app (and Nest) at all. The main entry, `@ballast/config`, re-exports all of it.
import { BallastConfigError } from './config.errors.js';
import type { BootstrapWithConfigOptions } from './config.bootstrap.js';
import { validateEnv, type EnvCheckOptions, type ValidatedEnv } from './config.validate-env.js';

export {
  BallastConfigError,
  INVALID_OPTIONS as CONFIG_INVALID_OPTIONS,
  VALIDATION_FAILED as CONFIG_VALIDATION_FAILED,
  PROBLEM_CODES as CONFIG_PROBLEM_CODES,
  type ConfigProblem,
  type ConfigProblemCode,
} from './config.errors.js';
export { bootstrapWithConfig, type BootstrapWithConfigOptions } from './config.bootstrap.js';
export { validateEnv, validateEnvAsync, type EnvCheckOptions, type ValidatedEnv } from './config.validate-env.js';
export {
  defineNamespace,
  optional,
  type ConfigNamespace,
  type EnvRecord,
  type InferEnv,
  type InferSchema,
  type NamespaceSchema,
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
export type { StandardSchemaV1 } from './schemas/standard-schema.js';
export { redactUrl } from './loader/secrets.js';
export type { ConfigEntry } from './loader/entries.js';
export type { ConfigSource } from './loader/sources.js';
export type { ConfigModuleExtras, ConfigModuleOptions, ConfigSchemaInput } from './config.options.js';

/**
 * Validates the environment like `validateEnv()`; when it is invalid, writes the short report to stderr and exits
 * with code 1.
 * @deprecated Use `bootstrapWithConfig(main, { config: options })`: the one start-up path, which checks the same
 * options before `main` runs (and so before NestJS loads) and also reports errors found later by the module.
 */
export function checkEnv(
  options: EnvCheckOptions = {},
  io: Omit<BootstrapWithConfigOptions, 'config'> = {},
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
