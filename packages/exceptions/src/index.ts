export { BallastExceptionsModule } from './exceptions.module.js';
export type {
  ExceptionBodyBuilder,
  ExceptionBodyFormat,
  ExceptionBodyInput,
  ExceptionLoggingOptions,
  ExceptionLogLevel,
  ExceptionsModuleOptions,
} from './exceptions.options.js';
export { BallastExceptionFilter } from './exceptions.filter.js';
export { ExceptionBodyFactory, type ErrorRequestInfo, type RenderedError } from './exception-body.factory.js';
export {
  BallastExceptionsError,
  INVALID_OPTIONS as EXCEPTIONS_INVALID_OPTIONS,
  INVALID_MAPPER_RESULT as EXCEPTIONS_INVALID_MAPPER_RESULT,
  MAPPER_FAILED as EXCEPTIONS_MAPPER_FAILED,
  BODY_FAILED as EXCEPTIONS_BODY_FAILED,
  INVALID_BODY_RESULT as EXCEPTIONS_INVALID_BODY_RESULT,
} from './exceptions.errors.js';
export { INTERNAL_ERROR_CODE } from './exceptions.constants.js';
export type { ExceptionMapper, FieldError, MappedError, MapperContext } from './mappers/mapper.types.js';
export { defaultExceptionMappers } from './mappers/index.js';
export { httpExceptionMapper, foreignHttpErrorMapper } from './mappers/http-exception.mapper.js';
export { parserErrorMapper } from './mappers/parser-error.mapper.js';
export { routeNotFoundMapper } from './mappers/route-not-found.mapper.js';
export {
  BallastValidationException,
  validationExceptionFactory,
  type StandardSchemaIssueLike,
  type ValidationErrorLike,
} from './mappers/validation-exception.js';
export { validationMapper } from './mappers/validation.mapper.js';
export { databaseErrorMapper } from './mappers/database-error.mapper.js';
export { entityNotFoundMapper } from './mappers/entity-not-found.mapper.js';
export { prismaErrorMapper } from './mappers/prisma-error.mapper.js';
export { payloadDepthMapper } from './mappers/payload-depth.mapper.js';
export { fastifyFrameworkErrors, type FastifyFrameworkErrorsHandler } from './fastify-framework-errors.js';
