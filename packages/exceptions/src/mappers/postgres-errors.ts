import { DATABASE_CODES, foreignKey, invalidInput, notNull, transient, unique } from './database-answers.js';
import type { MappedError, MapperContext } from './mapper.types.js';
import { isObject, safeIdentifier, type Dict } from './mapper.utils.js';

// PostgreSQL's errors (node-postgres, and what TypeORM and Prisma carry of them), by SQLSTATE.

// SQLSTATEs worth a retry: 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available.
export const POSTGRES_RETRYABLE = new Set(['40001', '40P01', '55P03']);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections, class 08
// (connection exceptions).
export const POSTGRES_UNAVAILABLE = /^(57P0[123]|53300|08[0-9A-Z]{3})$/;
// Socket errors of a database connection (a query's own socket, or connecting to the server).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
// Default ports of Postgres (and PgBouncer), MySQL, SQL Server and CockroachDB: a bare socket error to one of them is
// the database's; the same error from an HTTP upstream is not (it stays a 500).
const DATABASE_PORTS = new Set([5432, 5433, 6432, 3306, 1433, 26257]);
// node-postgres' and pg-pool's own messages for a lost or refused connection.
const PG_CONNECTION_MESSAGE =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

/**
 * A lost or refused database connection: node-postgres' messages, or a socket error either wrapped by TypeORM
 * (`QueryFailedError.driverError`) or aimed at a database port.
 */
export function isConnectionError(exception: Dict): boolean {
  const wrapped = exception.name === 'QueryFailedError' && isObject(exception.driverError);
  const error = wrapped ? (exception.driverError as Dict) : exception;
  if (typeof error.message === 'string' && PG_CONNECTION_MESSAGE.test(error.message)) return true;
  if (typeof error.code !== 'string' || !NETWORK_CODES.has(error.code)) return false;
  return wrapped || (typeof error.port === 'number' && DATABASE_PORTS.has(error.port));
}

/** Column names from a Postgres `detail` such as `Key (email)=(a@b.c) already exists.` (the values are dropped). */
export function columnsFromPostgresDetail(detail: unknown): string[] | undefined {
  if (typeof detail !== 'string') return undefined;
  const match = /^Key \(([^)]*)\)=/.exec(detail);
  if (!match) return undefined;
  const columns = match[1]!.split(',').map((c) => safeIdentifier(c));
  return columns.every((c): c is string => c !== undefined) ? columns : undefined;
}

export function mapPostgres(e: Dict, context?: MapperContext): MappedError | undefined {
  if (typeof e.code === 'string' && POSTGRES_RETRYABLE.has(e.code)) return transient('retryable', context);
  if (typeof e.code === 'string' && POSTGRES_UNAVAILABLE.test(e.code)) return transient('unavailable', context);
  switch (e.code) {
    case '23505':
      return unique(columnsFromPostgresDetail(e.detail));
    case '23503': {
      const detail = typeof e.detail === 'string' ? e.detail : '';
      const kind = /is still referenced/.test(detail)
        ? 'referenced'
        : /is not present/.test(detail)
          ? 'missing'
          : 'unknown';
      return foreignKey(kind, columnsFromPostgresDetail(detail));
    }
    case '23502':
      return notNull(safeIdentifier(e.column));
    case '23514':
      return { status: 400, code: DATABASE_CODES.checkViolation, message: 'A value is not allowed' };
    case '22001':
      return { status: 400, code: DATABASE_CODES.valueTooLong, message: 'A value is too long' };
    case '22P02': // invalid text representation (e.g. "abc" for a uuid or an integer)
    case '22P05': // untranslatable character
    case '22021': // invalid byte sequence, e.g. a NUL byte in text
    case '22003': // numeric out of range
    case '22007': // invalid datetime format
    case '22008': // datetime out of range
    case '22023': // invalid parameter value
    case '2201B': // invalid regular expression
      return invalidInput();
    default:
      return undefined;
  }
}
