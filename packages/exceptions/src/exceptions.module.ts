import { Module } from '@nestjs/common';
import { RESOLVED_EXCEPTIONS_OPTIONS } from './exceptions.constants.js';
import { ExceptionsConfigurableModuleClass, EXCEPTIONS_MODULE_OPTIONS } from './exceptions.module-definition.js';
import { resolveExceptionsOptions } from './exceptions.options.resolve.js';
import { ExceptionBodyFactory } from './exceptions.service.js';

@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_EXCEPTIONS_OPTIONS, inject: [EXCEPTIONS_MODULE_OPTIONS], useFactory: resolveExceptionsOptions },
    ExceptionBodyFactory,
  ],
  exports: [ExceptionBodyFactory],
})
export class BallastExceptionsModule extends ExceptionsConfigurableModuleClass {}
