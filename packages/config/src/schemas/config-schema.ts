import type { Finding } from '../loader/validate.js';

/** What a schema says about one of its variables before any value is validated. @internal */
export interface DeclaredKey {
  /** Marked secret by the schema itself (`secret()`, or the library's metadata). */
  secret: boolean;
}

/** What one validation gives: the validated, coerced values by variable name, and every problem found. @internal */
export interface SchemaOutcome {
  value: Record<string, unknown>;
  findings: Finding[];
  /** Validated forms of values (a transform's output) to hide when the variable is secret, found even on failure. */
  forms?: Record<string, unknown>;
}

/**
 * One schema the loader validates with, whatever its library: the root `schema` or a namespace's variables. Made by
 * `toConfigSchema()` from Joi, from a Standard Schema object, or from a record of per-variable schemas. @internal
 */
export interface ConfigSchema {
  /** The library: `joi`, or a Standard Schema's vendor (`zod`, `valibot`, `arktype`). */
  readonly vendor: string;
  /** Every variable it declares, in order. */
  readonly keys: ReadonlyMap<string, DeclaredKey>;
  /**
   * True when the validated value is the schema's whole output (a Standard Schema object schema, which may transform
   * the object as a whole), false when it is one value per declared variable (Joi, a record of variables).
   */
  readonly wholeOutput: boolean;
  /** Validates the raw values (every variable, declared or not); a Promise when the schema validates asynchronously. */
  validate(candidate: Readonly<Record<string, string>>): SchemaOutcome | Promise<SchemaOutcome>;
}
