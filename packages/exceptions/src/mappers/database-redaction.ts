import { isObject, type Dict } from './mapper.utils.js';

/** What replaces a value taken out of a database message or `detail`. @internal */
export const REDACTED_VALUE = '…';

const KEY_DETAIL = /^Key \(([^)]*)\)=/;
// The end of a Postgres `Key (…)=(…) …` detail is Postgres' own text: the values come before it, never after.
const KEY_DETAIL_TAILS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/\) already exists\.?$/, () => 'already exists.'],
  [/\) is not present in table ("[^"]*")\.?$/, (m) => `is not present in table ${m[1]}.`],
  [/\) is still referenced from table ("[^"]*")\.?$/, (m) => `is still referenced from table ${m[1]}.`],
  [/\) conflicts with existing key \(([^)]*)\)=\(.*\)\.?$/s, (m) => `conflicts with existing key (${m[1]})=(…).`],
];

/**
 * A Postgres `detail` without the values it quotes: `Key (email)=(a@b.c) already exists.` becomes
 * `Key (email)=(…) already exists.` and `Failing row contains (…the whole row…)` becomes `Failing row contains (…)`.
 * Details of data (22xxx) and integrity (23xxx) errors that match no known form are dropped. @internal
 */
export function redactPostgresDetail(detail: unknown, code: unknown): unknown {
  if (typeof detail !== 'string') return detail;
  const key = KEY_DETAIL.exec(detail);
  if (key) {
    for (const [tail, text] of KEY_DETAIL_TAILS) {
      const match = tail.exec(detail);
      if (match) return `Key (${key[1]})=(${REDACTED_VALUE}) ${text(match)}`;
    }
    return `Key (${key[1]})=(${REDACTED_VALUE})`;
  }
  if (detail.startsWith('Failing row contains')) return `Failing row contains (${REDACTED_VALUE})`;
  if (typeof code === 'string' && /^2[23]/.test(code)) return `(${REDACTED_VALUE})`;
  return detail;
}

/**
 * A Postgres message of a data exception (22xxx) without the input it quotes: `invalid input syntax for type
 * integer: "abc"` → `…: "…"`, `value "999…" is out of range` → `value "…" is out of range`. @internal
 */
export function redactPostgresMessage(message: string, code: unknown): string {
  if (typeof code !== 'string' || !code.startsWith('22')) return message;
  return message
    .replace(/^(value|date\/time field value) ".*?" (is out of range|out of range)/s, `$1 "${REDACTED_VALUE}" $2`)
    .replace(/: ".*"$/s, `: "${REDACTED_VALUE}"`);
}

/** A MySQL message without the values it quotes (`Duplicate entry 'a@b.c' for key …`, `Incorrect … value: '…'`). @internal */
export function redactMysqlMessage(message: string): string {
  return message
    .replace(/^Duplicate entry '.*' for key /s, `Duplicate entry '${REDACTED_VALUE}' for key `)
    .replace(/ value: '.*' for (column|function) /s, ` value: '${REDACTED_VALUE}' for $1 `);
}

/** Which database wrote `source` (a driver error, or an ORM error carrying the driver's fields). @internal */
export function databaseKind(source: Dict, owner?: Dict): 'postgres' | 'mysql' | undefined {
  const code = source.code;
  if (typeof code !== 'string') return undefined;
  if (/^[0-9A-Z]{5}$/.test(code) && (typeof source.severity === 'string' || owner?.name === 'QueryFailedError'))
    return 'postgres';
  if (code.startsWith('ER_') && (typeof source.errno === 'number' || typeof source.sqlMessage === 'string'))
    return 'mysql';
  return undefined;
}

/** How to take the values out of one database error's text. @internal */
export interface DatabaseRedaction {
  message(text: string): string;
  field(name: string, value: unknown): unknown;
}

/**
 * The database's text of an error with the values taken out, for logs: `message` of the error itself (or of the
 * driver error it wraps) and any `detail`/`sqlMessage`. Returns `undefined` for errors that are not database errors.
 * @internal
 */
export function redactDatabaseText(error: Dict): DatabaseRedaction | undefined {
  const prisma = redactPrismaAdapterText(error);
  if (prisma) return prisma;
  const driver = isObject(error.driverError) ? error.driverError : error;
  const kind = databaseKind(driver, error) ?? databaseKind(error, error);
  if (!kind) return undefined;
  const code = driver.code ?? error.code;
  if (kind === 'postgres') {
    return {
      message: (text) => redactPostgresMessage(text, code),
      field: (name, value) => (name === 'detail' ? redactPostgresDetail(value, code) : value),
    };
  }
  return {
    message: redactMysqlMessage,
    field: (name, value) => (name === 'sqlMessage' && typeof value === 'string' ? redactMysqlMessage(value) : value),
  };
}

// Prisma 7's driver-adapter error: `cause` is `{ kind, originalCode, originalMessage, message?, detail?, … }`, carried
// as `meta.driverAdapterError` of a `PrismaClientKnownRequestError` (whose own message quotes `originalMessage`).
function prismaAdapterCause(error: Dict): Dict | undefined {
  const cause =
    isObject(error.meta) && isObject(error.meta.driverAdapterError) ? error.meta.driverAdapterError.cause : undefined;
  return isObject(cause) && typeof cause.originalCode === 'string' && /^[0-9A-Z]{5}$/.test(cause.originalCode)
    ? cause
    : undefined;
}

function redactPrismaCause(cause: Dict): Dict {
  const code = cause.originalCode;
  const redacted: Dict = { ...cause };
  for (const field of ['originalMessage', 'message'])
    if (typeof cause[field] === 'string') redacted[field] = redactPostgresMessage(cause[field], code);
  if (cause.detail !== undefined) redacted.detail = redactPostgresDetail(cause.detail, code);
  return redacted;
}

/** A Prisma 7 error carrying a PostgreSQL error through its driver adapter (or that adapter error's `cause`). */
function redactPrismaAdapterText(error: Dict): DatabaseRedaction | undefined {
  // The plain-object cause itself (logged as the `cause` of a bare `DriverAdapterError`).
  if (typeof error.kind === 'string' && typeof error.originalCode === 'string') {
    const code = error.originalCode;
    return {
      message: (text) => redactPostgresMessage(text, code),
      field: (name, value) => (name === 'detail' ? redactPostgresDetail(value, code) : value),
    };
  }
  const cause = prismaAdapterCause(error);
  if (!cause) return undefined;
  const original = typeof cause.originalMessage === 'string' ? cause.originalMessage : undefined;
  const redactedOriginal = original && redactPostgresMessage(original, cause.originalCode);
  return {
    message: (text) => (original && redactedOriginal ? text.split(original).join(redactedOriginal) : text),
    field: (name, value) =>
      name === 'meta' && isObject(value) && isObject(value.driverAdapterError)
        ? { ...value, driverAdapterError: { ...value.driverAdapterError, cause: redactPrismaCause(cause) } }
        : value,
  };
}
