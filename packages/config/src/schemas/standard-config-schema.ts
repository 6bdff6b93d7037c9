import { invalidDefinition } from '../config.errors.js';
import type { Finding } from '../loader/validate.js';
import type { ConfigSchema, DeclaredKey, SchemaOutcome } from './config-schema.js';
import { isPromiseLike, whenAll } from './maybe-async.js';
import { isMarkedSecret } from './secret-marks.js';
import { issueFindings } from './standard-issues.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import { objectEntries, vendorOf } from './vendors.js';

type Result = StandardSchemaV1.Result<unknown>;

/** Runs a Standard Schema; a validator that throws is reported as a finding, like any other failure. */
function run(schema: StandardSchemaV1, value: unknown): Result | PromiseLike<Result> {
  const failed = (error: unknown): Result => ({
    issues: [{ message: `the schema threw: ${error instanceof Error ? error.message : String(error)}` }],
  });
  try {
    const result = schema['~standard'].validate(value);
    return isPromiseLike(result) ? Promise.resolve(result).catch(failed) : result;
  } catch (error) {
    return failed(error);
  }
}

/**
 * The validated forms of each variable that has a schema of its own, validated alone: when the whole object fails,
 * no value comes back, yet a message of another variable could quote a transformed secret. Sync schemas only.
 */
function formsOf(entries: ReadonlyMap<string, unknown>, candidate: Readonly<Record<string, string>>) {
  const forms: Record<string, unknown> = {};
  for (const [key, schema] of entries) {
    if (candidate[key] === undefined || schema === undefined) continue;
    const result = run(schema as StandardSchemaV1, candidate[key]);
    if (!isPromiseLike(result) && result.issues === undefined) forms[key] = result.value;
  }
  return forms;
}

/**
 * A Standard Schema object schema (`z.object()`, `v.object()`, ArkType's `type({})`, or any library whose object
 * schemas ballast can list the variables of) as a ConfigSchema. `where` names it in a definition error. @internal
 */
export function standardObjectConfigSchema(schema: StandardSchemaV1, where: string): ConfigSchema {
  const entries = objectEntries(schema);
  const vendor = vendorOf(schema) ?? 'standard-schema';
  if (entries === undefined || entries.size === 0) {
    throw invalidDefinition(
      `${where}: cannot list the variables of this ${vendor} schema (an object schema of Zod, Valibot or ArkType, ` +
        'or one with Standard JSON Schema, is needed to know them before validating). Pass a record of ' +
        'per-variable schemas instead, e.g. { PORT: z.coerce.number(), DATABASE_URL: z.url() }.',
    );
  }
  const keys = new Map<string, DeclaredKey>();
  for (const [key, inner] of entries) keys.set(key, { secret: isMarkedSecret(inner) });
  return {
    vendor,
    keys,
    wholeOutput: true,
    validate(candidate) {
      const outcome = (result: Result): SchemaOutcome =>
        result.issues === undefined
          ? { value: (result.value ?? {}) as Record<string, unknown>, findings: [] }
          : { value: {}, findings: issueFindings(result.issues, candidate), forms: formsOf(entries, candidate) };
      // Its own variables only: the output holds nothing else (ArkType keeps undeclared keys), and the rest of the
      // environment never reaches a schema's refinements or messages.
      const own: Record<string, string> = {};
      for (const key of keys.keys()) if (candidate[key] !== undefined) own[key] = candidate[key];
      const result = run(schema, own);
      return isPromiseLike(result) ? Promise.resolve(result).then(outcome) : outcome(result);
    },
  };
}

/**
 * Variables with a schema each (a namespace's, or a record given as the root `schema`): Joi ones validated together
 * by `joiPart`, Standard ones one by one with the variable's raw value (`undefined` when unset). @internal
 */
export function recordConfigSchema(
  order: readonly string[],
  joiPart: ConfigSchema | undefined,
  standard: ReadonlyMap<string, StandardSchemaV1>,
): ConfigSchema {
  const keys = new Map<string, DeclaredKey>();
  for (const key of order) {
    keys.set(key, standard.has(key) ? { secret: isMarkedSecret(standard.get(key)) } : joiPart!.keys.get(key)!);
  }
  const vendors = new Set([...(joiPart ? ['joi'] : []), ...[...standard.values()].map((s) => vendorOf(s))]);
  // Findings in declaration order, as a Joi object reports them.
  const rank = new Map(order.map((key, index) => [key, index]));
  return {
    vendor: [...vendors].join('+'),
    keys,
    wholeOutput: false,
    validate(candidate) {
      const parts: (SchemaOutcome | PromiseLike<SchemaOutcome>)[] = joiPart ? [joiPart.validate(candidate)] : [];
      for (const [key, schema] of standard) {
        const one = (result: Result): SchemaOutcome =>
          result.issues === undefined
            ? { value: { [key]: result.value }, findings: [] }
            : { value: {}, findings: issueFindings(result.issues, candidate, key) };
        const result = run(schema, candidate[key]);
        parts.push(isPromiseLike(result) ? Promise.resolve(result).then(one) : one(result));
      }
      return whenAll(parts, (outcomes) => {
        const value: Record<string, unknown> = {};
        const findings: Finding[] = [];
        for (const outcome of outcomes) {
          Object.assign(value, outcome.value);
          findings.push(...outcome.findings);
        }
        findings.sort((a, b) => (rank.get(a.key ?? '') ?? -1) - (rank.get(b.key ?? '') ?? -1));
        return { value, findings };
      });
    },
  };
}
