import type { StandardSchemaV1 } from './standard-schema.js';

/** A Standard Schema that also accepts an unset variable (undefined); anything else goes to `schema`. @internal */
export function optionalStandard<S extends StandardSchemaV1>(
  schema: S,
): StandardSchemaV1<StandardSchemaV1.InferInput<S> | undefined, StandardSchemaV1.InferOutput<S> | undefined> {
  const props = schema['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: props.vendor,
      validate: (value) => (value === undefined ? { value: undefined } : props.validate(value)),
    },
    // What it wraps: isMarkedSecret() looks inside (innerSchemas).
    wrapped: schema,
  } as StandardSchemaV1<StandardSchemaV1.InferInput<S> | undefined, StandardSchemaV1.InferOutput<S> | undefined>;
}
