import { Module } from '@nestjs/common';
import { RESOLVED_CONFIG_OPTIONS } from './config.constants.js';
import { ConfigConfigurableModuleClass, CONFIG_MODULE_OPTIONS } from './config.module-definition.js';
import { resolveConfigOptions } from './config.options.resolve.js';
import { BallastConfigService } from './config.service.js';

@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_CONFIG_OPTIONS, inject: [CONFIG_MODULE_OPTIONS], useFactory: resolveConfigOptions },
    BallastConfigService,
  ],
  exports: [BallastConfigService],
})
export class BallastConfigModule extends ConfigConfigurableModuleClass {}
