import { buildBallastModule } from '@ballast/kernel';
import type { LoggerModuleOptions } from './logger.options.js';

export const {
  ConfigurableModuleClass: LoggerConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: LOGGER_MODULE_OPTIONS,
  OPTIONS_TYPE: LOGGER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: LOGGER_ASYNC_OPTIONS_TYPE,
} = buildBallastModule<LoggerModuleOptions, 'Logger'>('Logger');
