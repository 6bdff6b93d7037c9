/**
 * What a caller's field that collides with a field of the line format is renamed to: `user_level`, `user_requestId`…
 * (again prefixed, `user_user_level`, if the caller also sent that name). @internal
 */
export const RESERVED_PREFIX = 'user_';

/** Fields the logger's mixin owns (request context, trace): a caller's value may not replace them. */
const MIXIN_OWNED: ReadonlySet<string> = new Set(['requestId', 'traceId', 'spanId']);

/**
 * The fields a caller can never write at the top level of a line: pino's `level` and `time`, Nest's `context`, the
 * fields of `base` (pid and hostname by default), and the mixin's `requestId`, `traceId`, `spanId`. @internal
 */
export function reservedFields(base: Record<string, unknown> | null | undefined): ReadonlySet<string> {
  const baseKeys = base === undefined ? ['pid', 'hostname'] : Object.keys(base ?? {});
  return new Set(['level', 'time', 'context', ...baseKeys, ...MIXIN_OWNED]);
}

/** Puts `value` under the prefixed name of `key`, never over a field already there. @internal */
export function keepAsUserField(target: Record<string, unknown>, key: string, value: unknown): void {
  let name = RESERVED_PREFIX + key;
  while (target[name] !== undefined) name = RESERVED_PREFIX + name;
  target[name] = value;
}

/**
 * The merge object of a line with every reserved field renamed (see `keepAsUserField`), so that the line keeps its
 * real values and has no duplicate keys. A mixin field is only renamed when the mixin sets it (the request line passes
 * the request id itself outside the request's async context) and the caller's value differs. Returns `obj` itself
 * when nothing collides (the common case: one set lookup per key, no allocation); never mutates `obj`. @internal
 */
export function guardReservedFields(
  obj: Record<string, unknown>,
  mixin: Record<string, unknown>,
  reserved: ReadonlySet<string>,
): Record<string, unknown> {
  let collision = false;
  for (const key in obj) {
    if (reserved.has(key) && collides(key, obj[key], mixin)) {
      collision = true;
      break;
    }
  }
  if (!collision) return obj;
  const copy: Record<string, unknown> = {};
  for (const key in obj) if (!reserved.has(key) || !collides(key, obj[key], mixin)) copy[key] = obj[key];
  for (const key in obj) if (reserved.has(key) && collides(key, obj[key], mixin)) keepAsUserField(copy, key, obj[key]);
  return copy;
}

function collides(key: string, value: unknown, mixin: Record<string, unknown>): boolean {
  if (value === undefined) return false;
  return !MIXIN_OWNED.has(key) || (mixin[key] !== undefined && mixin[key] !== value);
}
