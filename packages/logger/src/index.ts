export { BallastLoggerModule } from './logger.module.js';
export type { LoggerLevel, LoggerModuleOptions, LoggerRedactOptions, RequestLoggingOptions } from './logger.options.js';
export { BallastLogger } from './logger.service.js';
export { LoggerCore } from './logger.core.js';
export { DEFAULT_IGNORED_PATHS, LOGGER_FLUSH, LOGGER_LEVELS } from './logger.constants.js';
export {
  BallastLoggerError,
  INVALID_LEVEL as LOGGER_INVALID_LEVEL,
  INVALID_OPTIONS as LOGGER_INVALID_OPTIONS,
  PRETTY_UNAVAILABLE as LOGGER_PRETTY_UNAVAILABLE,
} from './logger.errors.js';
export { defaultSensitiveKeys as defaultRedactedKeys } from './redaction/sensitive-keys.js';
