import { Module } from '@nestjs/common';
import { RESOLVED_CONTEXT_OPTIONS } from './context.constants.js';
import { ContextConfigurableModuleClass, CONTEXT_MODULE_OPTIONS } from './context.module-definition.js';
import { resolveContextOptions } from './context.options.resolve.js';
import { RequestContextService } from './context.service.js';

@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_CONTEXT_OPTIONS, inject: [CONTEXT_MODULE_OPTIONS], useFactory: resolveContextOptions },
    RequestContextService,
  ],
  exports: [RequestContextService],
})
export class BallastContextModule extends ContextConfigurableModuleClass {}
