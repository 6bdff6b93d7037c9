/** Marks every ballast error with the names of its classes, under a registry symbol shared by every loaded copy. */
const CLASSES = Symbol.for('ballast.error.classes');

/** Options of a ballast error: the ES2022 `cause`. @internal */
export interface BallastErrorOptions {
  cause?: unknown;
}

/**
 * Base of every error a ballast package throws: a stable `code` (a union of string literals per package), a message
 * that names the fix, and the ES2022 `cause`.
 *
 * `instanceof` holds across two loaded copies of a package (its ESM and CJS builds in one app, or two versions): the
 * check falls back to the class names recorded on the error under a `Symbol.for` key, so `err instanceof
 * BallastCacheError` is true for an error thrown by the other copy. Class names are unique across ballast.
 * @internal
 */
export class BallastError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: BallastErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, CLASSES, { value: classNames(new.target), enumerable: false });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    const names = (value as { [CLASSES]?: unknown })[CLASSES];
    return Array.isArray(names) && names.includes(this.name);
  }
}

/** The class and its ancestors up to (and including) BallastError, by name. */
function classNames(target: { name: string }): string[] {
  const names: string[] = [];
  for (let current: unknown = target; typeof current === 'function'; current = Object.getPrototypeOf(current)) {
    names.push((current as { name: string }).name);
    if (current === BallastError) break;
  }
  return names;
}

/** True for an error thrown by any ballast package (any loaded copy), optionally with one of `codes`. @internal */
export function isBallastError(value: unknown, ...codes: string[]): value is BallastError {
  if (!(value instanceof BallastError)) return false;
  return codes.length === 0 || codes.includes(value.code);
}
