import { Module } from '@nestjs/common';
import { RESOLVED_LOGGER_OPTIONS } from './logger.constants.js';
import { LoggerConfigurableModuleClass, LOGGER_MODULE_OPTIONS } from './logger.module-definition.js';
import { resolveLoggerOptions } from './logger.options.resolve.js';
import { BallastLogger } from './logger.service.js';

@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_LOGGER_OPTIONS, inject: [LOGGER_MODULE_OPTIONS], useFactory: resolveLoggerOptions },
    BallastLogger,
  ],
  exports: [BallastLogger],
})
export class BallastLoggerModule extends LoggerConfigurableModuleClass {}
