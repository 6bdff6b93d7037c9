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
