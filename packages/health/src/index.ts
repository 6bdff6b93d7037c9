export { BallastHealthModule } from './health.module.js';
export type { HealthModuleOptions } from './health.options.js';
export { HealthProbeService } from './health.service.js';
export { BallastHealthError, INVALID_OPTIONS as HEALTH_INVALID_OPTIONS } from './health.errors.js';
