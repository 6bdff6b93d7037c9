import { createRequire } from 'node:module';
import type Joi from 'joi';
import { invalidDefinition } from './config.errors.js';

// joi costs about 60 ms to load. An app with no schema and no fragment helper should not pay for it, so no file of
// this package imports joi's values statically: they come from here, on first use. `import type` is free.

let loaded: Joi.Root | undefined;

/**
 * joi (a peer dependency, so the app's own copy), loaded synchronously on first call and resolved from this file:
 * from `__filename` in the CJS build, from `import.meta.url` in the ESM build (and under Jest). @internal
 */
export function joi(): Joi.Root {
  if (loaded !== undefined) return loaded;
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  try {
    loaded = require('joi') as Joi.Root;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    // An optional peer: an app on Zod, Valibot or ArkType alone does not install it.
    throw invalidDefinition(
      "joi is not installed, and a Joi schema or one of ballast's Joi helpers (port(), bool(), duration(), url(), " +
        'logLevel(), nodeEnv(), secret() without an argument) needs it: install joi (npm i joi), or write the ' +
        'schema with your Standard Schema library (e.g. z.coerce.number() for port()).',
    );
  }
  return loaded;
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
