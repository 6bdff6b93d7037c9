export { BallastLoggerModule } from './logger.module.js';
export type { LoggerModuleOptions } from './logger.options.js';
export { BallastLogger } from './logger.service.js';
export { BallastLoggerError, INVALID_OPTIONS as LOGGER_INVALID_OPTIONS } from './logger.errors.js';
