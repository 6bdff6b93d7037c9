import { Module } from '@nestjs/common';
import { RESOLVED_SHUTDOWN_OPTIONS } from './shutdown.constants.js';
import { ShutdownConfigurableModuleClass, SHUTDOWN_MODULE_OPTIONS } from './shutdown.module-definition.js';
import { resolveShutdownOptions } from './shutdown.options.resolve.js';
import { ShutdownService } from './shutdown.service.js';

@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_SHUTDOWN_OPTIONS, inject: [SHUTDOWN_MODULE_OPTIONS], useFactory: resolveShutdownOptions },
    ShutdownService,
  ],
  exports: [ShutdownService],
})
export class BallastShutdownModule extends ShutdownConfigurableModuleClass {}
