import { buildBallastModule } from '@ballast/kernel';
import type { HealthModuleOptions } from './health.options.js';

export const {
  ConfigurableModuleClass: HealthConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: HEALTH_MODULE_OPTIONS,
  OPTIONS_TYPE: HEALTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: HEALTH_ASYNC_OPTIONS_TYPE,
} = buildBallastModule<HealthModuleOptions, 'Health'>('Health');
