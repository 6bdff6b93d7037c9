import type Joi from 'joi';
import { validateAll } from '../loader/validate.js';
import type { ConfigSchema, DeclaredKey } from './config-schema.js';

/** Joi messages that quote the value are replaced: a malformed secret must never be printed. */
const SAFE_MESSAGES: Joi.LanguageMessages = {
  'string.pattern.base': '{{#label}} does not match the required pattern',
  'string.pattern.name': '{{#label}} does not match the {{#name}} pattern',
  'string.pattern.invert.base': '{{#label}} matches a forbidden pattern',
  'string.pattern.invert.name': '{{#label}} matches the forbidden {{#name}} pattern',
};

const VALIDATION_PREFS: Joi.ValidationOptions = {
  abortEarly: false,
  allowUnknown: true,
  convert: true,
  errors: { wrap: { label: false } },
  messages: SAFE_MESSAGES,
};

/** The keys of a Joi object schema, with their descriptions. @internal */
export function describeKeys(schema: Joi.ObjectSchema): Record<string, Joi.Description> {
  return ((schema.describe() as { keys?: Record<string, Joi.Description> }).keys ?? {}) as Record<
    string,
    Joi.Description
  >;
}

/** `secret()` / `.meta({ secret: true })` on a Joi schema's description. @internal */
export function joiMarkedSecret(description: Joi.Description | undefined): boolean {
  const metas = (description as { metas?: unknown[] } | undefined)?.metas ?? [];
  return metas.some((meta) => !!meta && typeof meta === 'object' && (meta as { secret?: unknown }).secret === true);
}

/** A Joi object schema as a ConfigSchema: validated with every error at once, no `.error()` able to hide one. @internal */
export function joiConfigSchema(schema: Joi.ObjectSchema): ConfigSchema {
  const keys = new Map<string, DeclaredKey>();
  for (const [key, description] of Object.entries(describeKeys(schema))) {
    keys.set(key, { secret: joiMarkedSecret(description) });
  }
  return {
    vendor: 'joi',
    keys,
    wholeOutput: false,
    validate: (candidate) => validateAll(schema, candidate, VALIDATION_PREFS),
  };
}
