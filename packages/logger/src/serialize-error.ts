import { stdSerializers } from 'pino';

// Nested causes followed when fixing `type`; pino's serializer stops at cycles, this bounds a very long chain.
const MAX_CAUSES = 16;

/** An error from this realm or another (jest, vm), or an error-shaped object (an axios error after `toJSON()`, an
 * error received from a queue): a message and a stack or an `…Error` name. @internal */
export function isErrorLike(value: unknown): value is Error {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Error) return true;
  const { message, stack, name } = value as { message?: unknown; stack?: unknown; name?: unknown };
  if (typeof message !== 'string') return false;
  return typeof stack === 'string' || (typeof name === 'string' && name.endsWith('Error'));
}

/**
 * The class name of an error: its constructor's name, or for an object that is not an instance of an error class (a
 * plain object with `name: 'AxiosError'`, an error built with `Object.create`) its `name`, else `'Error'`.
 */
function errorType(err: object): string {
  const ctor = (err as { constructor?: unknown }).constructor;
  const ctorName = typeof ctor === 'function' ? ctor.name : '';
  if (ctorName !== '' && ctorName !== 'Object') return ctorName;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

/**
 * pino's `errWithCause` (type, message, stack, enumerable props, and Error causes, recursively), plus causes that are
 * not errors (`new Error('x', { cause: 'timeout' })`), which it leaves out; and `type` is the class name for every
 * error of the chain, never `"Object"`. @internal
 */
export function serializeError(err: unknown): unknown {
  const serialized = stdSerializers.errWithCause(err as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null || serialized === err) return serialized;
  if ((err as { cause?: unknown }).cause !== undefined && (serialized as { cause?: unknown }).cause === undefined) {
    (serialized as { cause?: unknown }).cause = (err as { cause?: unknown }).cause;
  }
  let raw = err as { cause?: unknown } | undefined;
  let out = serialized as { type?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < MAX_CAUSES && raw !== undefined && out !== undefined; i++) {
    if (typeof raw !== 'object' || raw === null || typeof out !== 'object' || out === null || !('type' in out)) break;
    out.type = errorType(raw);
    raw = raw.cause as { cause?: unknown } | undefined;
    out = out.cause as { type?: unknown; cause?: unknown } | undefined;
  }
  return serialized;
}
