import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ContextModuleOptions } from './context.options.js';

export const {
  ConfigurableModuleClass: ContextConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CONTEXT_MODULE_OPTIONS,
  OPTIONS_TYPE: CONTEXT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONTEXT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ContextModuleOptions>({ moduleName: 'BallastContext' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createContextOptions')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
