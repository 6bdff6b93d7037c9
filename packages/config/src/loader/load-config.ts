import { asyncSchema, type ConfigProblem } from '../config.errors.js';
import type { ConfigNamespace } from '../config.namespace.js';
import type { ConfigSchema } from '../schemas/config-schema.js';
import { isPromiseLike } from '../schemas/maybe-async.js';
import { checkSchemas, type CheckedValues } from './check-schemas.js';
import { declareVariables } from './declared.js';
import { describeEntries, type ConfigEntry } from './entries.js';
import { readFileSecrets } from './file-secrets.js';
import { buildNamespaces } from './namespaces.js';
import { failure, nameTypoFixes } from './report.js';
import { SecretValues } from './secret-values.js';
import { collectSources, type SourceInput } from './sources.js';
import { findTypos } from './typos.js';

/** What `loadConfig` needs: the module's resolved options, minus Nest. @internal */
export interface LoadInput extends SourceInput {
  schema?: ConfigSchema;
  namespaces: readonly ConfigNamespace<string, any, unknown>[];
  secretPatterns?: readonly RegExp[];
  typoWarnings?: { prefixes: readonly string[]; maxDistance: number };
}

/** The loaded configuration. @internal */
export interface LoadedConfig {
  /** Validated, coerced values of every declared variable. */
  values: Record<string, unknown>;
  /** Each namespace's value, as its factory built it. */
  namespaces: Record<string, unknown>;
  entries: ConfigEntry[];
  warnings: string[];
  /** Raw values read from `.env` files (not overridden), to copy into `process.env` like @nestjs/config does. */
  fromEnvFiles: Record<string, string>;
}

/**
 * Reads, checks and builds the configuration: `.env` files, `values`, the environment (winning), `NAME_FILE`
 * secrets, the root schema and every namespace's schema, then the namespace factories. Collects every problem and
 * throws one `BallastConfigError` (`BALLAST_CONFIG_VALIDATION_FAILED`) listing them all, with no secret value in it.
 * Synchronous: a schema that validates asynchronously is an error naming `loadConfigAsync`'s callers. @internal
 */
export function loadConfig(input: LoadInput): LoadedConfig {
  const load = beginLoad(input);
  const checked = checkSchemas(input.schema, load.rootKeys, input.namespaces, load.check);
  if (isPromiseLike(checked)) {
    checked.then(undefined, () => undefined); // settled by nobody: never an unhandled rejection
    throw asyncSchema();
  }
  return finishLoad(input, load, checked);
}

/** `loadConfig`, awaiting the schemas that validate asynchronously (a Standard Schema's async refinements). @internal */
export async function loadConfigAsync(input: LoadInput): Promise<LoadedConfig> {
  const load = beginLoad(input);
  return finishLoad(input, load, await checkSchemas(input.schema, load.rootKeys, input.namespaces, load.check));
}

type Load = ReturnType<typeof beginLoad>;

function beginLoad(input: LoadInput) {
  const problems: ConfigProblem[] = [];
  const { raw, fromEnvFiles } = collectSources(input, problems);
  const { declared, rootKeys } = declareVariables(input.schema, input.namespaces, input.secretPatterns);
  const settled = readFileSecrets(declared, raw, problems);

  const secrets = new SecretValues(declared);
  const candidate: Record<string, string> = {};
  for (const [key, { value }] of raw) {
    secrets.hide(key, value);
    candidate[key] = value;
  }
  return {
    raw,
    fromEnvFiles,
    declared,
    rootKeys,
    problems,
    secrets,
    check: { candidate, declared, settled, secrets, problems },
  };
}

function finishLoad(input: LoadInput, load: Load, { values, namespaceInputs }: CheckedValues): LoadedConfig {
  const { raw, declared, problems, secrets } = load;
  const typos = input.typoWarnings
    ? findTypos(raw.keys(), new Set(declared.keys()), input.typoWarnings.prefixes, input.typoWarnings.maxDistance)
    : [];
  nameTypoFixes(problems, typos);
  if (problems.length > 0) throw failure(problems, secrets);

  const namespaces = buildNamespaces(input.namespaces, namespaceInputs, problems);
  if (problems.length > 0) throw failure(problems, secrets);

  const warnings = typos.map(
    ({ key, suggestion }) => `${key} is set but not declared in any schema; did you mean ${suggestion}?`,
  );
  return {
    values,
    namespaces,
    entries: describeEntries(declared, raw, values, secrets),
    warnings,
    fromEnvFiles: load.fromEnvFiles,
  };
}
