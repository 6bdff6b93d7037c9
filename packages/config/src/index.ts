export { BallastConfigModule } from './config.module.js';
export type { ConfigModuleOptions } from './config.options.js';
export { BallastConfigService } from './config.service.js';
export { BallastConfigError, INVALID_OPTIONS as CONFIG_INVALID_OPTIONS } from './config.errors.js';
