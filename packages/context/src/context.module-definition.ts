import { buildBallastModule } from '@ballast/kernel';
import type { ContextModuleOptions } from './context.options.js';

export const {
  ConfigurableModuleClass: ContextConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CONTEXT_MODULE_OPTIONS,
  OPTIONS_TYPE: CONTEXT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONTEXT_ASYNC_OPTIONS_TYPE,
} = buildBallastModule<ContextModuleOptions, 'Context'>('Context');
