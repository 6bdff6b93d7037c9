import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RESOLVED_SHUTDOWN_OPTIONS, SHUTDOWN_STATE } from './shutdown.constants.js';
import {
  ShutdownConfigurableModuleClass,
  SHUTDOWN_MODULE_OPTIONS,
  type SHUTDOWN_OPTIONS_TYPE,
} from './shutdown.module-definition.js';
import { resolveShutdownOptions } from './shutdown.options.resolve.js';
import { ShutdownService } from './shutdown.service.js';

/**
 * Graceful shutdown for Kubernetes: readiness off at the signal, a readiness delay, a bounded HTTP drain, shutdown
 * hooks, `app.close()`, logger flush, exit. Import it once (`forRoot` or `forRootAsync`) and call
 * `enableBallastShutdown(app)` in `main.ts`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    {
      provide: RESOLVED_SHUTDOWN_OPTIONS,
      inject: [SHUTDOWN_MODULE_OPTIONS],
      useFactory: (options: unknown) => resolveShutdownOptions(options as never),
    },
    ShutdownService,
    { provide: SHUTDOWN_STATE, useExisting: ShutdownService },
  ],
  exports: [ShutdownService, SHUTDOWN_STATE],
})
export class BallastShutdownModule extends ShutdownConfigurableModuleClass {
  /** `forRoot()` with no argument is the same as `forRoot({})` (Nest's module builder needs an object). */
  static override forRoot(options: typeof SHUTDOWN_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }
}
