import { Module } from '@nestjs/common';
import { RESOLVED_HEALTH_OPTIONS } from './health.constants.js';
import { HealthConfigurableModuleClass, HEALTH_MODULE_OPTIONS } from './health.module-definition.js';
import { resolveHealthOptions } from './health.options.resolve.js';
import { HealthProbeService } from './health.service.js';

@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_HEALTH_OPTIONS, inject: [HEALTH_MODULE_OPTIONS], useFactory: resolveHealthOptions },
    HealthProbeService,
  ],
  exports: [HealthProbeService],
})
export class BallastHealthModule extends HealthConfigurableModuleClass {}
