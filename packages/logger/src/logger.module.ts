import { Module, type DynamicModule } from '@nestjs/common';
import { LOGGER_FLUSH, RESOLVED_LOGGER_OPTIONS } from './logger.constants.js';
import { createLoggerCore, LoggerCore } from './logger.core.js';
import {
  LoggerConfigurableModuleClass,
  LOGGER_MODULE_OPTIONS,
  type LOGGER_OPTIONS_TYPE,
} from './logger.module-definition.js';
import { resolveLoggerOptions } from './logger.options.resolve.js';
import { BallastLogger } from './logger.service.js';
import { RequestLogger } from './request-logging/request-logger.js';

/**
 * pino as Nest's logger: `BallastLoggerModule.forRoot({ level, pretty, redact, requestLogging, base, destination })`.
 * Global by default (`isGlobal: false` to opt out): inject `BallastLogger` anywhere, or use `new Logger(Ctx)`
 * once the app calls `app.useLogger(app.get(BallastLogger))`.
 */
@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_LOGGER_OPTIONS, inject: [LOGGER_MODULE_OPTIONS], useFactory: resolveLoggerOptions },
    { provide: LoggerCore, inject: [RESOLVED_LOGGER_OPTIONS], useFactory: createLoggerCore },
    { provide: LOGGER_FLUSH, inject: [LoggerCore], useFactory: (core: LoggerCore) => ({ flush: () => core.flush() }) },
    BallastLogger,
    RequestLogger,
  ],
  exports: [BallastLogger, LOGGER_FLUSH],
})
export class BallastLoggerModule extends LoggerConfigurableModuleClass {
  /** `forRoot()` with no argument is the same as `forRoot({})` (Nest's module builder needs an object). */
  static override forRoot(options: typeof LOGGER_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }
}
