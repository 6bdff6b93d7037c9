export { BallastContextModule } from './context.module.js';
export type { ContextModuleOptions } from './context.options.js';
export { RequestContextService } from './context.service.js';
export { BallastContextError, INVALID_OPTIONS as CONTEXT_INVALID_OPTIONS } from './context.errors.js';
