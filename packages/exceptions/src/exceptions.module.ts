import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { RESOLVED_EXCEPTIONS_OPTIONS } from './exceptions.constants.js';
import { BallastExceptionFilter } from './exceptions.filter.js';
import {
  ExceptionsConfigurableModuleClass,
  EXCEPTIONS_MODULE_OPTIONS,
  type EXCEPTIONS_OPTIONS_TYPE,
} from './exceptions.module-definition.js';
import { resolveExceptionsOptions } from './exceptions.options.resolve.js';
import { ExceptionBodyFactory } from './exception-body.factory.js';

/**
 * One global exception filter: `BallastExceptionsModule.forRoot({ format, exposeInternalErrors, mappers, logging })`
 * (or `forRootAsync`) registers {@link BallastExceptionFilter} with `APP_FILTER`.
 */
@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_EXCEPTIONS_OPTIONS, inject: [EXCEPTIONS_MODULE_OPTIONS], useFactory: resolveExceptionsOptions },
    ExceptionBodyFactory,
    BallastExceptionFilter,
    { provide: APP_FILTER, useExisting: BallastExceptionFilter },
  ],
  exports: [ExceptionBodyFactory, BallastExceptionFilter],
})
export class BallastExceptionsModule extends ExceptionsConfigurableModuleClass {
  /**
   * Registers the filter with `options` (all optional; see `ExceptionsModuleOptions`). `forRoot()` with no argument is
   * the same as `forRoot({})` (NestJS 11's module builder needs an object).
   */
  static override forRoot(options: typeof EXCEPTIONS_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }
}
