import { DEFAULT_RETRY_AFTER_SECONDS } from '../exceptions.constants.js';
import type { MappedError, MapperContext } from './mapper.types.js';

// The answers every database mapper gives (pg, MySQL, SQLite, TypeORM, Prisma): one body per kind of failure.

/** Body codes of database errors (stable, documented in the README). */
export const DATABASE_CODES = {
  uniqueViolation: 'UNIQUE_VIOLATION',
  foreignKeyViolation: 'FOREIGN_KEY_VIOLATION',
  notNullViolation: 'NOT_NULL_VIOLATION',
  checkViolation: 'CHECK_VIOLATION',
  invalidInput: 'INVALID_INPUT',
  valueTooLong: 'VALUE_TOO_LONG',
  notFound: 'NOT_FOUND',
  retryable: 'DATABASE_RETRYABLE',
  unavailable: 'DATABASE_UNAVAILABLE',
} as const;

/**
 * A transient database failure: 503 with `Retry-After`. `retryable` — the transaction lost to a concurrent one
 * (serialization failure, deadlock, lock timeout) and the same request may well succeed at once; `unavailable` — the
 * database could not be reached or is shutting down.
 */
export function transient(kind: 'retryable' | 'unavailable', context?: MapperContext): MappedError {
  return {
    status: 503,
    code: DATABASE_CODES[kind],
    message:
      kind === 'retryable'
        ? 'The request conflicted with a concurrent one; retry it'
        : 'Service temporarily unavailable; retry later',
    retryAfter: context?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
  };
}

export function unique(fields: string[] | undefined): MappedError {
  const named = fields && fields.length > 0 ? fields.join(', ') : undefined;
  return {
    status: 409,
    code: DATABASE_CODES.uniqueViolation,
    message: named ? `${named} already exists` : 'Resource already exists',
    ...(named ? { details: [{ field: named, messages: [`${named} already exists`] }] } : {}),
  };
}

export function foreignKey(kind: 'missing' | 'referenced' | 'unknown', fields?: string[]): MappedError {
  const named = fields && fields.length > 0 ? fields.join(', ') : undefined;
  const message =
    kind === 'referenced'
      ? 'Resource is still referenced by other resources'
      : named
        ? `${named} refers to a resource that does not exist`
        : 'A referenced resource does not exist';
  return { status: 409, code: DATABASE_CODES.foreignKeyViolation, message };
}

export function notNull(field: string | undefined): MappedError {
  return {
    status: 400,
    code: DATABASE_CODES.notNullViolation,
    message: field ? `${field} is required` : 'A required value is missing',
    ...(field ? { details: [{ field, messages: [`${field} is required`] }] } : {}),
  };
}

export const invalidInput = (message = 'Invalid input value'): MappedError => ({
  status: 400,
  code: DATABASE_CODES.invalidInput,
  message,
});
