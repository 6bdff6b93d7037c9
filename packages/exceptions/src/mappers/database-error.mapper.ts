import { DATABASE_CODES, foreignKey, invalidInput, notNull, transient, unique } from './database-answers.js';
import type { ExceptionMapper, MappedError, MapperContext } from './mapper.types.js';
import { isObject, safeIdentifier, type Dict } from './mapper.utils.js';
import { isConnectionError, mapPostgres } from './postgres-errors.js';

function mapMysql(e: Dict, context?: MapperContext): MappedError | undefined {
  const message = typeof e.sqlMessage === 'string' ? e.sqlMessage : typeof e.message === 'string' ? e.message : '';
  const column = safeIdentifier(
    /Column '([^']+)'|[Ff]ield '([^']+)'|column '([^']+)'/.exec(message)?.slice(1).find(Boolean),
  );
  switch (e.code) {
    case 'ER_LOCK_DEADLOCK':
    case 'ER_LOCK_WAIT_TIMEOUT':
      return transient('retryable', context);
    case 'ER_CON_COUNT_ERROR':
    case 'ER_SERVER_SHUTDOWN':
      return transient('unavailable', context);
    case 'ER_DUP_ENTRY':
      return unique(undefined); // MySQL names the key (a constraint), never the column
    case 'ER_NO_REFERENCED_ROW':
    case 'ER_NO_REFERENCED_ROW_2':
      return foreignKey('missing');
    case 'ER_ROW_IS_REFERENCED':
    case 'ER_ROW_IS_REFERENCED_2':
      return foreignKey('referenced');
    case 'ER_BAD_NULL_ERROR':
    case 'ER_NO_DEFAULT_FOR_FIELD':
      return notNull(column);
    case 'ER_DATA_TOO_LONG':
      return { status: 400, code: DATABASE_CODES.valueTooLong, message: 'A value is too long' };
    case 'ER_CHECK_CONSTRAINT_VIOLATED':
      return { status: 400, code: DATABASE_CODES.checkViolation, message: 'A value is not allowed' };
    case 'ER_TRUNCATED_WRONG_VALUE':
    case 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD':
    case 'ER_WARN_DATA_OUT_OF_RANGE':
      return invalidInput();
    default:
      return undefined;
  }
}

function mapSqlite(e: Dict): MappedError | undefined {
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const columns = (list: string | undefined) => {
    // "users.email, users.tenant_id": keep the column, drop the table
    const names = list?.split(',').map((c) => safeIdentifier(c.trim().split('.').pop()));
    return names && names.every((c): c is string => c !== undefined) ? names : undefined;
  };
  const uniqueMatch = /UNIQUE constraint failed: ([\w., ]+)/.exec(message);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || uniqueMatch) {
    return unique(columns(uniqueMatch?.[1]));
  }
  const notNullMatch = /NOT NULL constraint failed: ([\w.]+)/.exec(message);
  if (code === 'SQLITE_CONSTRAINT_NOTNULL' || notNullMatch) return notNull(columns(notNullMatch?.[1])?.[0]);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed/.test(message))
    return foreignKey('unknown');
  if (code === 'SQLITE_CONSTRAINT_CHECK' || /CHECK constraint failed/.test(message)) {
    return { status: 400, code: DATABASE_CODES.checkViolation, message: 'A value is not allowed' };
  }
  return undefined;
}

/** The driver error behind an ORM error, or a raw driver error (pg, mysql2, sqlite3/better-sqlite3/sql.js). */
function driverErrorOf(exception: unknown): { kind: 'postgres' | 'mysql' | 'sqlite'; error: Dict } | undefined {
  if (!isObject(exception)) return undefined;
  const candidates = [exception.driverError, exception];
  for (const candidate of candidates) {
    if (!isObject(candidate)) continue;
    const code = candidate.code;
    if (
      typeof code === 'string' &&
      /^[0-9A-Z]{5}$/.test(code) &&
      (typeof candidate.severity === 'string' || exception.name === 'QueryFailedError')
    ) {
      return { kind: 'postgres', error: candidate };
    }
    if (
      typeof code === 'string' &&
      code.startsWith('ER_') &&
      (typeof candidate.errno === 'number' || typeof candidate.sqlMessage === 'string')
    ) {
      return { kind: 'mysql', error: candidate };
    }
    if (
      (typeof code === 'string' && code.startsWith('SQLITE_')) ||
      (exception.name === 'QueryFailedError' && /constraint failed/.test(String(candidate.message)))
    ) {
      return { kind: 'sqlite', error: candidate };
    }
  }
  return undefined;
}

/**
 * SQL constraint and input errors, from TypeORM's `QueryFailedError` or the raw driver error (detected by shape:
 * no ORM import). Postgres by SQLSTATE (`23505` unique → 409, `23503` foreign key → 409, `23502` not null → 400,
 * `22P02` invalid text → 400, …), MySQL by `ER_*` code, SQLite by `SQLITE_CONSTRAINT_*` code or message.
 * Transient failures answer 503 with `Retry-After`: `DATABASE_RETRYABLE` (Postgres `40001`, `40P01`, `55P03`; MySQL
 * deadlock and lock wait timeout), `DATABASE_UNAVAILABLE` (Postgres `57P01`–`57P03`, `53300`, class `08`, a lost or
 * refused connection).
 * The message names the column when the driver tells it, never the constraint, table, SQL or parameters.
 */
export const databaseErrorMapper: ExceptionMapper = {
  name: 'database-error',
  map(exception, context) {
    if (isObject(exception) && isConnectionError(exception)) return transient('unavailable', context);
    const found = driverErrorOf(exception);
    if (!found) return undefined;
    if (found.kind === 'postgres') return mapPostgres(found.error, context);
    if (found.kind === 'mysql') return mapMysql(found.error, context);
    return mapSqlite(found.error);
  },
};
