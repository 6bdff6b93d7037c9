import type Joi from 'joi';
import { invalidDefinition } from '../config.errors.js';
import { isJoiSchema, joi } from '../joi.js';
import type { ConfigSchema } from './config-schema.js';
import { joiConfigSchema } from './joi-schema.js';
import { isStandardSchema, type StandardSchemaV1 } from './standard-schema.js';
import { recordConfigSchema, standardObjectConfigSchema } from './standard-config-schema.js';

/** True for a plain object whose every value is a Joi schema or a Standard Schema. @internal */
export function isSchemaRecord(value: unknown): value is Record<string, Joi.Schema | StandardSchemaV1> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isJoiSchema(value)) return false;
  if (isStandardSchema(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 && entries.every((entry) => isJoiSchema(entry) || isStandardSchema(entry));
}

/** True for what `schema` accepts: a Joi object schema, a Standard Schema object schema, or a record of both. @internal */
export function isConfigSchemaInput(value: unknown): boolean {
  return isJoiSchema(value) ? value.type === 'object' : isStandardSchema(value) || isSchemaRecord(value);
}

/**
 * What ballast validates with, from what an app wrote: a Joi object schema, a Standard Schema object schema (Zod,
 * Valibot, ArkType…), or a record of per-variable schemas of either kind. In a record, `requiredByDefault` makes a
 * Joi variable required unless it has a default or is `optional()` (a namespace's rule); a Standard Schema says
 * itself whether `undefined` is accepted. `where` names the schema in a definition error. @internal
 */
export function toConfigSchema(value: unknown, where: string, requiredByDefault: boolean): ConfigSchema {
  if (isJoiSchema(value)) {
    if (value.type !== 'object') throw invalidDefinition(`${where}: a Joi schema must be Joi.object({ ... }).`);
    return joiConfigSchema(value as Joi.ObjectSchema);
  }
  if (isStandardSchema(value)) return standardObjectConfigSchema(value, where);
  if (!isSchemaRecord(value)) {
    throw invalidDefinition(
      `${where}: expected a Joi object schema, a Standard Schema object schema (z.object(), v.object(), type({})) ` +
        'or a record of per-variable schemas, e.g. { PORT: port() } or { PORT: z.coerce.number() }.',
    );
  }
  const joiKeys: Record<string, Joi.Schema> = {};
  const standard = new Map<string, StandardSchemaV1>();
  for (const [key, schema] of Object.entries(value)) {
    if (!isJoiSchema(schema)) {
      standard.set(key, schema);
      continue;
    }
    const flags = (schema.describe() as { flags?: { presence?: string; default?: unknown } }).flags ?? {};
    joiKeys[key] =
      requiredByDefault && flags.presence === undefined && !('default' in flags) ? schema.required() : schema;
  }
  // No Joi variable, no Joi loaded: an app on Zod alone never pays for it.
  // Joi.object() from the variables' own joi (`$_root`): joi refuses to mix schemas of two versions (17 and 18).
  const first = Object.values(joiKeys)[0] as (Joi.Schema & { $_root?: Joi.Root }) | undefined;
  const joiPart = first ? joiConfigSchema((first.$_root ?? joi()).object(joiKeys)) : undefined;
  return recordConfigSchema(Object.keys(value), joiPart, standard);
}
