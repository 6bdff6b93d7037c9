export { BallastShutdownModule } from './shutdown.module.js';
export type { ShutdownModuleOptions } from './shutdown.options.js';
export { ShutdownService } from './shutdown.service.js';
export type { ShutdownStartedEvent } from './shutdown.state.js';
export { enableBallastShutdown } from './enable-shutdown.js';
export { BeforeShutdown, type BeforeShutdownOptions } from './before-shutdown.decorator.js';
export type {
  ShutdownHook,
  ShutdownHookContext,
  ShutdownHookOptions,
  ShutdownResult,
  ShutdownState,
} from './shutdown.types.js';
export { SHUTDOWN_STATE } from './shutdown.constants.js';
export {
  BallastShutdownError,
  HOOK_TIMEOUT as SHUTDOWN_HOOK_TIMEOUT,
  INVALID_HOOK as SHUTDOWN_INVALID_HOOK,
  INVALID_OPTIONS as SHUTDOWN_INVALID_OPTIONS,
  MODULE_MISSING as SHUTDOWN_MODULE_MISSING,
} from './shutdown.errors.js';
