/**
 * The value policy of the memory store (`protectValues: true`): copy on write and copy on read. The store keeps a
 * private deep copy of what was written, and every read gets its own deep copy of that, so each caller holds a
 * mutable value that nobody else sees: changing it (or the object that was written) changes nothing for the next
 * reader, and code that writes to a read value (an ORM's `save`/`remove`, which set ids) works on every read.
 *
 * Plain objects and class instances keep their prototype (own enumerable properties are copied), so a cached class
 * instance (an ORM entity) is still an instance of its class. Arrays, Dates, Maps, Sets, RegExps and typed arrays are
 * copied; cycles and shared references are kept. Nothing is frozen.
 * @internal
 */
export function copyValue<T>(value: T): T {
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
    return out;
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
  return out;
}
