/**
 * Copy-and-freeze on write: the memory store keeps a deep copy of what was written, frozen, so a caller that changes
 * the object it wrote (or the one it read) cannot change what anyone else reads. Reads pay nothing.
 *
 * Plain objects and class instances keep their prototype (own enumerable properties are copied); arrays, Dates,
 * Maps, Sets and typed arrays are copied. Dates, Maps, Sets and typed arrays cannot be made immutable by
 * `Object.freeze` (their internal slots stay writable): they are copied on write but not protected on read.
 * @internal
 */
export function snapshot<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  return copy(value, new Map()) as T;
}

function copy(value: any, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], seen);
    return Object.freeze(out);
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value)) {
    const ctor = (value as any).constructor;
    return typeof ctor?.from === 'function' ? ctor.from(value) : structuredClone(value);
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(copy(k, seen), copy(v, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    seen.set(value, out);
    for (const v of value) out.add(copy(v, seen));
    return out;
  }
  if (value instanceof RegExp) return new RegExp(value.source, value.flags);
  const out = Object.create(Object.getPrototypeOf(value));
  seen.set(value, out);
  for (const key of Object.keys(value)) out[key] = copy(value[key], seen);
  return Object.freeze(out);
}
