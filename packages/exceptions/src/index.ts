export { BallastExceptionsModule } from './exceptions.module.js';
export type { ExceptionsModuleOptions } from './exceptions.options.js';
export { ExceptionBodyFactory } from './exceptions.service.js';
export { BallastExceptionsError, INVALID_OPTIONS as EXCEPTIONS_INVALID_OPTIONS } from './exceptions.errors.js';
