import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConfigModuleOptions } from './config.options.js';

export const {
  ConfigurableModuleClass: ConfigConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CONFIG_MODULE_OPTIONS,
  OPTIONS_TYPE: CONFIG_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONFIG_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ConfigModuleOptions>({ moduleName: 'BallastConfig' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createConfigOptions')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
