export { BallastHealthModule } from './health.module.js';
export type {
  BallastHealthContributor,
  BallastHealthIndicator,
  DiskCheck,
  HealthCheckOutcome,
  HealthCheckSettings,
  HealthIndicatorRegistration,
  PrismaDatabaseCheck,
  ShutdownState,
  TypeOrmDatabaseCheck,
  TypeOrmDataSourceLike,
} from './health.check-types.js';
export type {
  HealthModuleOptions,
  LivenessOptions,
  ManagementOptions,
  MetricsRequestHandler,
  ReadinessOptions,
  StartupOptions,
} from './health.options.js';
export { HealthManagementServer } from './management/management-server.js';
export { HealthProbeService, type HealthProbe, type HealthProbeResponse } from './health.service.js';
export { HEALTH_CONTRIBUTORS_TOKEN_PATTERN, REASONS as HEALTH_REASONS, SHUTDOWN_STATE } from './health.constants.js';
export {
  BallastHealthError,
  CHECK_FAILED as HEALTH_CHECK_FAILED,
  DATABASE_UNAVAILABLE as HEALTH_DATABASE_UNAVAILABLE,
  INDICATOR_UNRESOLVED as HEALTH_INDICATOR_UNRESOLVED,
  INVALID_OPTIONS as HEALTH_INVALID_OPTIONS,
  MANAGEMENT_LISTEN_FAILED as HEALTH_MANAGEMENT_LISTEN_FAILED,
  TERMINUS_UNAVAILABLE as HEALTH_TERMINUS_UNAVAILABLE,
} from './health.errors.js';
