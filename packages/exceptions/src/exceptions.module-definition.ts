import { buildBallastModule } from '@ballast/kernel';
import type { ExceptionsModuleOptions } from './exceptions.options.js';

export const {
  ConfigurableModuleClass: ExceptionsConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: EXCEPTIONS_MODULE_OPTIONS,
  OPTIONS_TYPE: EXCEPTIONS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: EXCEPTIONS_ASYNC_OPTIONS_TYPE,
} = buildBallastModule<ExceptionsModuleOptions, 'Exceptions'>('Exceptions');
