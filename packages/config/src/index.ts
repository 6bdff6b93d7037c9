export { BallastConfigModule } from './config.module.js';
export type { ConfigModuleExtras, ConfigModuleOptions } from './config.options.js';
export { BallastConfigService } from './config.service.js';
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
export type { ConfigEntry, ConfigSource } from './loader/load-config.js';
