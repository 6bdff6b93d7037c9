import { DATABASE_CODES } from './database-answers.js';
import type { ExceptionMapper } from './mapper.types.js';

/** TypeORM's `EntityNotFoundError` (`findOneOrFail`) → 404 `NOT_FOUND`, by name: the criteria are never echoed. */
export const entityNotFoundMapper: ExceptionMapper = {
  name: 'entity-not-found',
  map(exception) {
    if (!(exception instanceof Error) || exception.name !== 'EntityNotFoundError') return undefined;
    return { status: 404, code: DATABASE_CODES.notFound, message: 'Resource not found' };
  },
};
