import { databaseErrorMapper } from './database-error.mapper.js';
import { entityNotFoundMapper } from './entity-not-found.mapper.js';
import { prismaErrorMapper } from './prisma-error.mapper.js';
import { foreignHttpErrorMapper, httpExceptionMapper } from './http-exception.mapper.js';
import type { ExceptionMapper } from './mapper.types.js';
import { parserErrorMapper } from './parser-error.mapper.js';
import { payloadDepthMapper } from './payload-depth.mapper.js';
import { routeNotFoundMapper } from './route-not-found.mapper.js';
import { validationMapper } from './validation.mapper.js';

/**
 * The built-in mappers, in the order they run. Parser errors come first because Nest wraps them in an
 * HttpException; validation and foreign http errors (which Nest 12 also wraps) before the generic HttpException mapper.
 */
export const defaultExceptionMappers: readonly ExceptionMapper[] = Object.freeze([
  parserErrorMapper,
  validationMapper,
  databaseErrorMapper,
  entityNotFoundMapper,
  prismaErrorMapper,
  foreignHttpErrorMapper,
  routeNotFoundMapper,
  httpExceptionMapper,
  payloadDepthMapper,
]);
