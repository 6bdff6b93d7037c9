import { DEFAULT_RETRY_AFTER_SECONDS } from '../exceptions.constants.js';
import type { ExceptionMapper, MappedError, MapperContext } from './mapper.types.js';
import { isObject, safeIdentifier, type Dict } from './mapper.utils.js';

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
function transient(kind: 'retryable' | 'unavailable', context?: MapperContext): MappedError {
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

// SQLSTATEs worth a retry: 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available.
const POSTGRES_RETRYABLE = new Set(['40001', '40P01', '55P03']);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections, class 08
// (connection exceptions).
const POSTGRES_UNAVAILABLE = /^(57P0[123]|53300|08[0-9A-Z]{3})$/;
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
function isConnectionError(exception: Dict): boolean {
  const wrapped = exception.name === 'QueryFailedError' && isObject(exception.driverError);
  const error = wrapped ? (exception.driverError as Dict) : exception;
  if (typeof error.message === 'string' && PG_CONNECTION_MESSAGE.test(error.message)) return true;
  if (typeof error.code !== 'string' || !NETWORK_CODES.has(error.code)) return false;
  return wrapped || (typeof error.port === 'number' && DATABASE_PORTS.has(error.port));
}

function unique(fields: string[] | undefined): MappedError {
  const named = fields && fields.length > 0 ? fields.join(', ') : undefined;
  return {
    status: 409,
    code: DATABASE_CODES.uniqueViolation,
    message: named ? `${named} already exists` : 'Resource already exists',
    ...(named ? { details: [{ field: named, messages: [`${named} already exists`] }] } : {}),
  };
}

function foreignKey(kind: 'missing' | 'referenced' | 'unknown', fields?: string[]): MappedError {
  const named = fields && fields.length > 0 ? fields.join(', ') : undefined;
  const message =
    kind === 'referenced'
      ? 'Resource is still referenced by other resources'
      : named
        ? `${named} refers to a resource that does not exist`
        : 'A referenced resource does not exist';
  return { status: 409, code: DATABASE_CODES.foreignKeyViolation, message };
}

function notNull(field: string | undefined): MappedError {
  return {
    status: 400,
    code: DATABASE_CODES.notNullViolation,
    message: field ? `${field} is required` : 'A required value is missing',
    ...(field ? { details: [{ field, messages: [`${field} is required`] }] } : {}),
  };
}

const invalidInput = (message = 'Invalid input value'): MappedError => ({
  status: 400,
  code: DATABASE_CODES.invalidInput,
  message,
});

/** Column names from a Postgres `detail` such as `Key (email)=(a@b.c) already exists.` (the values are dropped). */
export function columnsFromPostgresDetail(detail: unknown): string[] | undefined {
  if (typeof detail !== 'string') return undefined;
  const match = /^Key \(([^)]*)\)=/.exec(detail);
  if (!match) return undefined;
  const columns = match[1]!.split(',').map((c) => safeIdentifier(c));
  return columns.every((c): c is string => c !== undefined) ? columns : undefined;
}

function mapPostgres(e: Dict, context?: MapperContext): MappedError | undefined {
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

/** TypeORM's `EntityNotFoundError` (`findOneOrFail`) → 404 `NOT_FOUND`, by name: the criteria are never echoed. */
export const entityNotFoundMapper: ExceptionMapper = {
  name: 'entity-not-found',
  map(exception) {
    if (!(exception instanceof Error) || exception.name !== 'EntityNotFoundError') return undefined;
    return { status: 404, code: DATABASE_CODES.notFound, message: 'Resource not found' };
  },
};

// Prisma 7 driver-adapter error kinds (`DriverAdapterError.cause.kind`) of a transient failure.
const PRISMA_ADAPTER_RETRYABLE = new Set(['TransactionWriteConflict']);
const PRISMA_ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * The `cause` of a Prisma 7 `DriverAdapterError` (`{ kind, originalCode?, code?, … }`): thrown bare (a Serializable
 * transaction failing at commit), or carried as `meta.driverAdapterError` of a `PrismaClientKnownRequestError`.
 */
function prismaAdapterCause(exception: Dict): Dict | undefined {
  const adapterError =
    exception.name === 'DriverAdapterError' ? exception : (exception.meta as Dict | undefined)?.driverAdapterError;
  const cause = isObject(adapterError) ? adapterError.cause : undefined;
  return isObject(cause) && typeof cause.kind === 'string' ? cause : undefined;
}

/** A transient failure told by the driver adapter: its kind, or the PostgreSQL SQLSTATE it carries. */
function prismaAdapterTransient(cause: Dict, context?: MapperContext): MappedError | undefined {
  const sqlState = prismaSqlState(cause);
  if (PRISMA_ADAPTER_RETRYABLE.has(cause.kind as string) || (sqlState && POSTGRES_RETRYABLE.has(sqlState)))
    return transient('retryable', context);
  if (PRISMA_ADAPTER_UNAVAILABLE.has(cause.kind as string) || (sqlState && POSTGRES_UNAVAILABLE.test(sqlState)))
    return transient('unavailable', context);
  return undefined;
}

function prismaSqlState(cause: Dict): string | undefined {
  const code = cause.originalCode ?? (cause.kind === 'postgres' ? cause.code : undefined);
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Prisma's `PrismaClientKnownRequestError`, by shape (`code` `P####` + `clientVersion`): P2002 unique → 409,
 * P2025 not found → 404, P2003 foreign key → 409, P2011 null → 400, P2000 too long → 400; P2034 (write conflict or
 * deadlock) → 503 `DATABASE_RETRYABLE`, P1001/P1002/P1008/P1017/P2024 (unreachable, timed out, connection closed, pool
 * timeout; also `errorCode` of `PrismaClientInitializationError`) → 503 `DATABASE_UNAVAILABLE`, with `Retry-After`.
 * Prisma 7 with a driver adapter: the adapter's error (`meta.driverAdapterError`, or a bare `DriverAdapterError` from
 * a Serializable commit) is read first — a write conflict or deadlock (`40001`, `40P01`), lock timeout (`55P03`), or a
 * lost, refused or refusing connection (`57P01`, class `08`, …) answers 503 whatever the `P` code (`P2010` raw query,
 * `P2039` database error); another PostgreSQL SQLSTATE under a `P` code of its own is mapped as a pg error would be.
 * The field comes from `meta.target` or the adapter's `constraint.fields` when they list fields (an index or
 * constraint name is dropped).
 */
export const prismaErrorMapper: ExceptionMapper = {
  name: 'prisma-error',
  map(exception, context) {
    if (!isObject(exception)) return undefined;
    const { meta } = exception;
    const adapterCause = prismaAdapterCause(exception);
    if (exception.name === 'DriverAdapterError') {
      if (!adapterCause) return undefined;
      const sqlState = prismaSqlState(adapterCause);
      return prismaAdapterTransient(adapterCause, context) ?? (sqlState ? mapPostgres({ code: sqlState }) : undefined);
    }
    // PrismaClientInitializationError carries its code as `errorCode` (and only sometimes).
    const code = typeof exception.code === 'string' ? exception.code : exception.errorCode;
    if (typeof code !== 'string' || !/^P\d{4}$/.test(code)) return undefined;
    if (typeof exception.clientVersion !== 'string' && !String(exception.name).startsWith('PrismaClient'))
      return undefined;
    const fromAdapter = adapterCause ? prismaAdapterTransient(adapterCause, context) : undefined;
    if (fromAdapter) return fromAdapter;
    const m = isObject(meta) ? meta : {};
    switch (code) {
      case 'P2034': // transaction failed: write conflict or deadlock
        return transient('retryable', context);
      case 'P1001': // can't reach the database server
      case 'P1002': // the server was reached but timed out
      case 'P1008': // operations timed out
      case 'P1017': // the server closed the connection
      case 'P2024': // timed out fetching a connection from the pool
        return transient('unavailable', context);
      case 'P2002':
        return unique(prismaFields(m));
      case 'P2025':
      case 'P2001':
      case 'P2015':
      case 'P2018':
        return { status: 404, code: DATABASE_CODES.notFound, message: 'Resource not found' };
      case 'P2003':
        return foreignKey('unknown');
      case 'P2014':
        return foreignKey('referenced');
      case 'P2011':
        return notNull(undefined);
      case 'P2000':
        return { status: 400, code: DATABASE_CODES.valueTooLong, message: 'A value is too long' };
      case 'P2006':
      case 'P2007':
      case 'P2019':
      case 'P2020':
        return invalidInput();
      default: {
        // P2010 (raw query failed), P2039 (database error), …: the SQLSTATE the adapter carries, if any.
        const sqlState = adapterCause ? prismaSqlState(adapterCause) : undefined;
        return sqlState ? mapPostgres({ code: sqlState }) : undefined;
      }
    }
  },
};

function prismaFields(meta: Dict): string[] | undefined {
  const adapterFields = (meta.driverAdapterError as Dict | undefined)?.cause as Dict | undefined;
  const candidates = [meta.target, (adapterFields?.constraint as Dict | undefined)?.fields];
  for (const candidate of candidates) {
    if (Array.isArray(candidate) && candidate.length > 0) {
      const names = candidate.map((c) => safeIdentifier(c));
      if (names.every((c): c is string => c !== undefined)) return names;
    }
  }
  return undefined;
}
