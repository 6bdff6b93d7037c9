import { DATABASE_CODES, foreignKey, invalidInput, notNull, transient, unique } from './database-answers.js';
import type { ExceptionMapper, MappedError, MapperContext } from './mapper.types.js';
import { isObject, safeIdentifier, type Dict } from './mapper.utils.js';
import { mapPostgres, POSTGRES_RETRYABLE, POSTGRES_UNAVAILABLE } from './postgres-errors.js';

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
