import type Joi from 'joi';
import { invalidDefinition } from './config.errors.js';
import { isJoiSchema } from './joi.js';
import { loadConfig } from './loader/load-config.js';
import type { ConfigSchema } from './schemas/config-schema.js';
import { optionalStandard } from './schemas/optional-standard.js';
import { isStandardSchema, type StandardSchemaV1 } from './schemas/standard-schema.js';
import { toConfigSchema } from './schemas/to-config-schema.js';
import { vendorOf } from './schemas/vendors.js';

/** Environment variables as Node gives them. */
export type EnvRecord = Record<string, string | undefined>;

/**
 * A namespace's variables: each key is a variable name, each value its schema — Joi (`port()`, `Joi.string()`) or
 * any Standard Schema (`z.coerce.number()`, `v.string()`, `type('string')`).
 */
export type NamespaceSchemaMap = Record<string, Joi.Schema | StandardSchemaV1>;

/** What a namespace is defined with: its variables one by one, or one Standard Schema object schema (`z.object()`). */
export type NamespaceSchema = NamespaceSchemaMap | StandardSchemaV1<any, Record<string, any>>;

/**
 * The type a schema validates to: `port()` → `number`, `optional(url())` → `string | undefined`, a Standard Schema's
 * output type (`z.coerce.number()` → `number`).
 */
export type InferSchema<S> =
  S extends Joi.AnySchema<infer T> ? T : S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : unknown;

/** The validated, coerced values a namespace factory receives. */
export type NamespaceValues<S extends NamespaceSchema> = S extends NamespaceSchemaMap
  ? { -readonly [K in keyof S]: InferSchema<S[K]> }
  : InferSchema<S>;

/**
 * The validated environment a `schema` gives (a Joi object schema, a Standard Schema object schema or a record of
 * per-variable schemas): what `ConfigService<InferEnv<typeof schema>, true>` reads.
 *
 * @example export type Env = InferEnv<typeof envSchema>;
 */
export type InferEnv<S> =
  S extends Joi.ObjectSchema<infer T>
    ? T
    : S extends StandardSchemaV1
      ? StandardSchemaV1.InferOutput<S>
      : S extends NamespaceSchemaMap
        ? NamespaceValues<S>
        : never;

/**
 * A typed configuration namespace made by `defineNamespace()`. Inject its value with `@Inject(ns.KEY)` and type it
 * with `ConfigType<typeof ns>` (from @nestjs/config), or read it with `ConfigService.get(ns.namespace)`.
 *
 * Calling it validates an environment (default `process.env`, no `.env` files) and returns the value, for code that
 * runs outside Nest (a CLI, a migration data source); it throws `BallastConfigError` like the module does.
 */
export interface ConfigNamespace<
  N extends string = string,
  S extends NamespaceSchema = NamespaceSchemaMap,
  T = unknown,
> {
  (env?: EnvRecord): T;
  /** The injection token, `CONFIGURATION(<name>)`, the same form `registerAs()` uses. */
  readonly KEY: string;
  /** The namespace name, e.g. `db`: `configService.get('db.port')` works too. */
  readonly namespace: N;
  /** The variables and their schemas, as given. */
  readonly keys: S;
  /** What the variables are validated with (a Joi variable required unless it has a default or is `optional()`). @internal */
  readonly schema: ConfigSchema;
  /** Builds the namespace's value from the validated, coerced variables. */
  readonly factory: (values: NamespaceValues<S>) => T;
}

const NAMESPACE_NAME = /^[A-Za-z_$][\w$-]*$/;

/**
 * Defines a configuration namespace from its own variables and a factory that receives them **validated and
 * coerced** (numbers are numbers, booleans are booleans), so its return type is inferred with no cast.
 *
 * Every variable of a namespace is required unless its schema has a `.default()` or is wrapped in `optional()`.
 *
 * @example
 * export const dbConfig = defineNamespace(
 *   'db',
 *   { DB_HOST: Joi.string().hostname(), DB_PORT: port().default(5432), DB_PASSWORD: secret(), DB_SSL: bool().default(false) },
 *   (env) => ({ host: env.DB_HOST, port: env.DB_PORT, password: env.DB_PASSWORD, ssl: env.DB_SSL }),
 * );
 * // constructor(@Inject(dbConfig.KEY) private readonly db: ConfigType<typeof dbConfig>) {}
 */
export function defineNamespace<const N extends string, const S extends NamespaceSchema, T>(
  name: N,
  keys: S,
  factory: (values: NamespaceValues<S>) => T,
): ConfigNamespace<N, S, T> {
  if (typeof name !== 'string' || !NAMESPACE_NAME.test(name)) {
    throw invalidDefinition(
      `defineNamespace: the name must be an identifier such as 'db' or 'http', got ${JSON.stringify(name)}.`,
    );
  }
  // One Standard Schema object schema (z.object(), or ArkType's type({}), which is a function), or a record.
  const objectSchema = isStandardSchema(keys) && !isJoiSchema(keys);
  if (!objectSchema && (!keys || typeof keys !== 'object' || Object.keys(keys).length === 0)) {
    throw invalidDefinition(`defineNamespace('${name}'): give at least one variable, e.g. { DB_HOST: Joi.string() }.`);
  }
  for (const [key, schema] of objectSchema ? [] : Object.entries(keys)) {
    if (!isJoiSchema(schema) && !isStandardSchema(schema)) {
      throw invalidDefinition(
        `defineNamespace('${name}'): ${key} must be a schema: Joi (Joi.string(), port()) or a Standard Schema ` +
          '(z.string(), v.string(), type("string")).',
      );
    }
  }
  const schema = toConfigSchema(keys, `defineNamespace('${name}')`, true);
  if (typeof factory !== 'function') {
    throw invalidDefinition(`defineNamespace('${name}'): the third argument must be a factory (values) => config.`);
  }
  const namespace = ((env: EnvRecord = process.env) =>
    loadConfig({ namespaces: [namespace], env, envFiles: [] }).namespaces[name] as T) as ConfigNamespace<N, S, T>;
  Object.defineProperties(namespace, {
    // The token registerAs() uses (@nestjs/config's getConfigToken), spelled out so this file needs no Nest import.
    KEY: { value: `CONFIGURATION(${name})`, enumerable: true },
    namespace: { value: name, enumerable: true },
    keys: { value: keys, enumerable: true },
    schema: { value: schema, enumerable: false },
    factory: { value: factory, enumerable: false },
  });
  return namespace;
}

/**
 * Makes a namespace variable optional, and says so in its type (`T | undefined`). Joi's own `.optional()` works at
 * run time but cannot change the inferred type.
 *
 * @example SENTRY_DSN: optional(url())
 */
export function optional<S extends Joi.Schema>(schema: S): Joi.AnySchema<InferSchema<S> | undefined>;
/**
 * A Standard Schema that also accepts an unset variable. A Zod schema gets Zod's own `.optional()` (usable inside
 * `z.object()` too); for another library it is a wrapper for a record of variables (a namespace's, or a record given
 * as `schema`): inside that library's own object schema, use its own optional (`v.optional()`, ArkType's `'KEY?'`).
 */
export function optional<S extends StandardSchemaV1>(
  schema: S,
): StandardSchemaV1<StandardSchemaV1.InferInput<S> | undefined, StandardSchemaV1.InferOutput<S> | undefined>;
export function optional(schema: Joi.Schema | StandardSchemaV1): unknown {
  if (isJoiSchema(schema)) return schema.optional();
  if (isStandardSchema(schema)) {
    const zodOptional = (schema as { optional?: () => unknown }).optional;
    if (vendorOf(schema) === 'zod' && typeof zodOptional === 'function') return zodOptional.call(schema);
    return optionalStandard(schema);
  }
  throw invalidDefinition('optional(): expected a Joi schema or a Standard Schema (Zod, Valibot, ArkType).');
}

/** True for a value made by `defineNamespace()`. @internal */
export function isConfigNamespace(value: unknown): value is ConfigNamespace {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ConfigNamespace>).namespace === 'string' &&
    typeof (value as Partial<ConfigNamespace>).schema?.validate === 'function'
  );
}
