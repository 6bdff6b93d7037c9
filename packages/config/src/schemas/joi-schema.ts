import type Joi from 'joi';
import { fromDetails, hasExternals, isReport, validateAll, type Finding } from '../loader/validate.js';
import type { ConfigSchema, DeclaredKey, SchemaOutcome } from './config-schema.js';

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

/** The keys of a Joi object schema, with their descriptions. */
function describeKeys(schema: Joi.ObjectSchema): Record<string, Joi.Description> {
  return ((schema.describe() as { keys?: Record<string, Joi.Description> }).keys ?? {}) as Record<
    string,
    Joi.Description
  >;
}

/** `secret()` / `.meta({ secret: true })` on a Joi schema's description. */
function joiMarkedSecret(description: Joi.Description | undefined): boolean {
  const metas = (description as { metas?: unknown[] } | undefined)?.metas ?? [];
  return metas.some((meta) => !!meta && typeof meta === 'object' && (meta as { secret?: unknown }).secret === true);
}

/** A Joi object schema as a ConfigSchema: validated with every error at once, no `.error()` able to hide one. @internal */
export function joiConfigSchema(schema: Joi.ObjectSchema): ConfigSchema {
  const keys = new Map<string, DeclaredKey>();
  for (const [key, description] of Object.entries(describeKeys(schema))) {
    keys.set(key, { secret: joiMarkedSecret(description) });
  }
  const externals = hasExternals(schema);
  return {
    vendor: 'joi',
    keys,
    wholeOutput: false,
    validate(candidate) {
      const outcome = validateAll(schema, candidate, VALIDATION_PREFS);
      // Joi runs external() rules asynchronously, and only once every other rule passed: so does ballast.
      return externals && outcome.findings.length === 0 ? runExternals(schema, candidate, keys) : outcome;
    },
  };
}

/**
 * Joi's `validateAsync()` with its `external()` rules: the value they return, or what they reported — a report
 * (`helpers.error()`, `helpers.message()`) as findings by path, a thrown error as a finding of the variable Joi names
 * in its message (`… (KEY)`), type `external`.
 */
async function runExternals(
  schema: Joi.ObjectSchema,
  candidate: Readonly<Record<string, string>>,
  keys: ReadonlyMap<string, DeclaredKey>,
): Promise<SchemaOutcome> {
  try {
    const value = (await schema.validateAsync(candidate, { ...VALIDATION_PREFS, externals: true })) as object;
    return { value: value as Record<string, unknown>, findings: [] };
  } catch (error) {
    if (isReport(error)) return { value: {}, findings: fromDetails(error.details) };
    const text = error instanceof Error ? error.message : String(error);
    const named = / \(([^()]+)\)$/.exec(text);
    const key = named && keys.has(named[1]!) ? named[1]! : undefined;
    const message = key === undefined ? text : text.slice(0, -named![0].length);
    const finding: Finding = { key, path: key ?? '', type: 'external', message };
    return { value: {}, findings: [finding] };
  }
}
