/** True for a promise (or any thenable) a Standard Schema's `validate()` returned. @internal */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * `done(items)` once every item is settled: synchronously when none is a promise (the common case: a sync schema
 * stays sync end to end), else as a promise. @internal
 */
export function whenAll<T, R>(items: readonly (T | PromiseLike<T>)[], done: (items: T[]) => R): R | Promise<R> {
  if (!items.some(isPromiseLike)) return done(items as T[]);
  return Promise.all(items).then(done);
}
