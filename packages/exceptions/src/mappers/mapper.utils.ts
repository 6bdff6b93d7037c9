import { STATUS_CODES } from 'node:http';

/** @internal */
export type Dict = Record<string, unknown>;

/** @internal */
export function isObject(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null;
}

/** The standard reason phrase of a status ("Conflict"), or a generic one. @internal */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

/** Nest's HttpException, by shape (one check for every copy of @nestjs/common). @internal */
export interface HttpExceptionLike {
  getStatus(): number;
  getResponse(): string | object;
  message: string;
  cause?: unknown;
}

/** @internal */
export function isHttpException(value: unknown): value is HttpExceptionLike {
  return (
    value instanceof Error &&
    typeof (value as unknown as Dict).getStatus === 'function' &&
    typeof (value as unknown as Dict).getResponse === 'function'
  );
}

/** A status an HTTP answer can carry; anything else becomes 500. @internal */
export function safeStatus(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599 ? value : 500;
}

/**
 * True for JSON-like data only: primitives, arrays and objects whose prototype is Object.prototype or null,
 * bounded in depth and size, with no functions, class instances, errors or cycles. Such data can be sent to a
 * client as the author wrote it; anything else may carry internals. @internal
 */
export function isPlainData(value: unknown, depth = 0, budget = { nodes: 0 }): boolean {
  if (++budget.nodes > 1000 || depth > 10) return false;
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
      return value.length <= 10_000;
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
    case 'undefined': // dropped by JSON, e.g. Nest 11's `error: undefined` when a cause is given
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1, budget));
  // Object.prototype of this realm or of another one (a CJS copy of Nest under a test runner, a vm context).
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const plain =
    proto === null ||
    proto === Object.prototype ||
    (Object.getPrototypeOf(proto) === null && proto.constructor?.name === 'Object');
  if (!plain) return false;
  return Object.entries(value as Dict).every(
    ([key, item]) => key !== '__proto__' && isPlainData(item, depth + 1, budget),
  );
}

/** The error and its `cause` chain (bounded, cycle-safe). @internal */
export function causeChain(error: unknown, max = 8): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < max && !chain.includes(current)) {
    chain.push(current);
    current = isObject(current) ? current.cause : undefined;
  }
  return chain;
}

/** A database identifier that may be shown to a client: a plain column name, nothing else. @internal */
export function safeIdentifier(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.trim().replace(/^"(.*)"$/, '$1');
  return /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name) ? name : undefined;
}
