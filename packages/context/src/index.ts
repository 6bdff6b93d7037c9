export { BallastContextModule } from './context.module.js';
export type { ContextModuleOptions } from './context.options.js';
export { RequestContextService } from './context.service.js';
export {
  BallastContextError,
  INVALID_OPTIONS as CONTEXT_INVALID_OPTIONS,
  INVALID_RUNTIME_MODE as CONTEXT_INVALID_RUNTIME_MODE,
} from './context.errors.js';
export {
  RequestContext,
  runWithRequestContext,
  type RequestContextData,
  type RequestContextInit,
} from './request-context.js';
export { generateRequestId, isValidRequestId, MAX_REQUEST_ID_LENGTH, REQUEST_ID_HEADER } from './request-id.js';
export { WithRequestContext } from './with-request-context.decorator.js';
export {
  DEFAULT_RUNTIME_MODE_VARIABLE,
  KUBERNETES_VARIABLE,
  RUNTIME_MODE_SPELLINGS,
  RUNTIME_MODES,
  resolveRuntimeMode,
  runtimeModeFields,
  type RuntimeMode,
  type RuntimeModeOptions,
  type RuntimeModeResolution,
} from './runtime-mode.js';
