export { BallastShutdownModule } from './shutdown.module.js';
export type { ShutdownModuleOptions } from './shutdown.options.js';
export { ShutdownService } from './shutdown.service.js';
export { BallastShutdownError, INVALID_OPTIONS as SHUTDOWN_INVALID_OPTIONS } from './shutdown.errors.js';
