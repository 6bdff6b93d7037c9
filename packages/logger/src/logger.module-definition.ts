import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { LoggerModuleOptions } from './logger.options.js';

export const {
  ConfigurableModuleClass: LoggerConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: LOGGER_MODULE_OPTIONS,
  OPTIONS_TYPE: LOGGER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: LOGGER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<LoggerModuleOptions>({ moduleName: 'BallastLogger' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createLoggerOptions')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
