import { createRequire } from 'node:module';
import type Joi from 'joi';

// joi costs about 60 ms to load. An app with no schema and no fragment helper should not pay for it, so no file of
// this package imports joi's values statically: they come from here, on first use. `import type` is free.

let loaded: Joi.Root | undefined;

/**
 * joi (a peer dependency, so the app's own copy), loaded synchronously on first call and resolved from this file:
 * from `__filename` in the CJS build, from `import.meta.url` in the ESM build (and under Jest). @internal
 */
export function joi(): Joi.Root {
  return (loaded ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url)('joi') as Joi.Root);
}

// Every joi version marks its schemas with this registered symbol (lib/common.js `symbols.any`).
const JOI_SCHEMA = Symbol.for('@hapi/joi/schema');

/** Like `Joi.isSchema()`, without loading joi: true for a schema of any joi copy. @internal */
export function isJoiSchema(value: unknown): value is Joi.Schema {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    Boolean((value as Record<symbol, unknown>)[JOI_SCHEMA])
  );
}
