import { buildBallastModule } from '@ballast/kernel';
import type { ShutdownModuleOptions } from './shutdown.options.js';

export const {
  ConfigurableModuleClass: ShutdownConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: SHUTDOWN_MODULE_OPTIONS,
  OPTIONS_TYPE: SHUTDOWN_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: SHUTDOWN_ASYNC_OPTIONS_TYPE,
} = buildBallastModule<ShutdownModuleOptions, 'Shutdown'>('Shutdown');
