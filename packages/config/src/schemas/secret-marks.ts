import type { StandardSchemaV1 } from './standard-schema.js';
import { innerSchemas, metadataSecret } from './vendors.js';

// Schemas marked by `secret()`, by identity: it works for every library and returns the schema unchanged (still a
// Zod, Valibot or ArkType schema). One set per process, shared by the ESM and CJS builds of this package.
const MARKS_KEY = Symbol.for('@ballast/config/secret-schemas');
const marked: WeakSet<object> = ((globalThis as Record<symbol, unknown>)[MARKS_KEY] ??=
  new WeakSet<object>()) as WeakSet<object>;

/** Marks a Standard Schema as secret and returns it. @internal */
export function markSecret<S extends StandardSchemaV1>(schema: S): S {
  marked.add(schema);
  return schema;
}

/**
 * True when a Standard Schema is marked secret: by `secret()`, or by its library's metadata, on the schema or on
 * one it wraps (`secret(z.string()).optional()` is still secret). @internal
 */
export function isMarkedSecret(schema: unknown, depth = 0): boolean {
  if ((typeof schema !== 'object' && typeof schema !== 'function') || schema === null || depth > 8) return false;
  if (marked.has(schema) || metadataSecret(schema)) return true;
  return innerSchemas(schema).some((inner) => isMarkedSecret(inner, depth + 1));
}
