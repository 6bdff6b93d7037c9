import type Joi from 'joi';
import { invalidDefinition } from './config.errors.js';
import { isJoiSchema, joi } from './joi.js';
import { loadConfig } from './loader/load-config.js';

/** Environment variables as Node gives them. */
export type EnvRecord = Record<string, string | undefined>;

/** A namespace's variables: each key is a variable name, each value its Joi schema. */
export type NamespaceSchemaMap = Record<string, Joi.Schema>;

/** The type a Joi schema validates to: `port()` → `number`, `bool()` → `boolean`, `optional(url())` → `string | undefined`. */
export type InferSchema<S> = S extends Joi.AnySchema<infer T> ? T : unknown;

/** The validated, coerced values a namespace factory receives. */
export type NamespaceValues<S extends NamespaceSchemaMap> = { -readonly [K in keyof S]: InferSchema<S[K]> };

/**
 * A typed configuration namespace made by `defineNamespace()`. Inject its value with `@Inject(ns.KEY)` and type it
 * with `ConfigType<typeof ns>` (from @nestjs/config), or read it with `ConfigService.get(ns.namespace)`.
 *
 * Calling it validates an environment (default `process.env`, no `.env` files) and returns the value, for code that
 * runs outside Nest (a CLI, a migration data source); it throws `BallastConfigError` like the module does.
 */
export interface ConfigNamespace<
  N extends string = string,
  S extends NamespaceSchemaMap = NamespaceSchemaMap,
  T = unknown,
> {
  (env?: EnvRecord): T;
  /** The injection token, `CONFIGURATION(<name>)`, the same form `registerAs()` uses. */
  readonly KEY: string;
  /** The namespace name, e.g. `db`: `configService.get('db.port')` works too. */
  readonly namespace: N;
  /** The variables and their schemas, as given. */
  readonly keys: S;
  /** The compiled object schema: every key required unless it has a default or is wrapped in `optional()`. @internal */
  readonly schema: Joi.ObjectSchema;
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
export function defineNamespace<const N extends string, const S extends NamespaceSchemaMap, T>(
  name: N,
  keys: S,
  factory: (values: NamespaceValues<S>) => T,
): ConfigNamespace<N, S, T> {
  if (typeof name !== 'string' || !NAMESPACE_NAME.test(name)) {
    throw invalidDefinition(
      `defineNamespace: the name must be an identifier such as 'db' or 'http', got ${JSON.stringify(name)}.`,
    );
  }
  if (!keys || typeof keys !== 'object' || Object.keys(keys).length === 0) {
    throw invalidDefinition(`defineNamespace('${name}'): give at least one variable, e.g. { DB_HOST: Joi.string() }.`);
  }
  const compiled: Record<string, Joi.Schema> = {};
  for (const [key, schema] of Object.entries(keys)) {
    if (!isJoiSchema(schema)) {
      throw invalidDefinition(`defineNamespace('${name}'): ${key} must be a Joi schema, e.g. Joi.string() or port().`);
    }
    const flags = (schema.describe() as { flags?: { presence?: string; default?: unknown } }).flags ?? {};
    compiled[key] = flags.presence === undefined && !('default' in flags) ? schema.required() : schema;
  }
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
    schema: { value: joi().object(compiled), enumerable: false },
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
export function optional<S extends Joi.Schema>(schema: S): Joi.AnySchema<InferSchema<S> | undefined> {
  return schema.optional() as Joi.AnySchema<InferSchema<S> | undefined>;
}

/** True for a value made by `defineNamespace()`. @internal */
export function isConfigNamespace(value: unknown): value is ConfigNamespace {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ConfigNamespace>).namespace === 'string' &&
    isJoiSchema((value as Partial<ConfigNamespace>).schema)
  );
}
