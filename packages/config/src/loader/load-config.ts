import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type Joi from 'joi';
import { REDACTED } from '../config.constants.js';
import { PROBLEM_CODES, secretProblemMessage, validationFailed, type ConfigProblem } from '../config.errors.js';
import type { ConfigNamespace, EnvRecord } from '../config.namespace.js';
import { copiedFromEnvFile, readEnvFiles } from './env-files.js';
import { isSecretName, redactUrl, scrub, secretForms, urlSecrets } from './secrets.js';
import { findTypos } from './typos.js';
import { validateAll } from './validate.js';

/** Where a value came from. */
export type ConfigSource = 'env' | 'file' | 'provided' | 'default';

/** One line of `describe()`: a variable, its value (or `[REDACTED]`) and where it came from. */
export interface ConfigEntry {
  /** The variable, e.g. `PORT`. */
  key: string;
  /** The validated value as text, `[REDACTED]` for a secret, a URL with its password redacted; undefined when unset. */
  value: string | undefined;
  /**
   * `env`: the process environment; `file`: an `.env` file or a `NAME_FILE` mounted secret; `provided`: the `values`
   * option; `default`: the schema's default. Undefined when unset.
   */
  source: ConfigSource | undefined;
  /** Detail of the source: the `.env` file's name, or `DB_PASSWORD_FILE` for a mounted secret. */
  from?: string;
  /** True when the value is treated as secret. */
  secret: boolean;
  /** The namespaces that declare it (empty for the root schema only). */
  namespaces: string[];
}

/** What `loadConfig` needs: the module's resolved options, minus Nest. @internal */
export interface LoadInput {
  schema?: Joi.ObjectSchema;
  namespaces: readonly ConfigNamespace<string, any, unknown>[];
  env: EnvRecord;
  /** Files to read, highest precedence first. */
  envFiles: readonly string[];
  expandVariables?: boolean;
  values?: Record<string, string | undefined>;
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

interface RawValue {
  value: string;
  source: Exclude<ConfigSource, 'default'>;
  from?: string;
}

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

function describeKeys(schema: Joi.ObjectSchema): Record<string, Joi.Description> {
  return ((schema.describe() as { keys?: Record<string, Joi.Description> }).keys ?? {}) as Record<
    string,
    Joi.Description
  >;
}

function markedSecret(description: Joi.Description | undefined): boolean {
  const metas = (description as { metas?: unknown[] } | undefined)?.metas ?? [];
  return metas.some((meta) => !!meta && typeof meta === 'object' && (meta as { secret?: unknown }).secret === true);
}

function display(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Where a raw value came from, for a message: `.env.local`, `the process environment`, `the values option`. */
function origin(value: RawValue): string {
  if (value.source === 'env') return 'the process environment';
  if (value.source === 'provided') return 'the values option';
  return value.from ?? 'an .env file';
}

/**
 * Reads, checks and builds the configuration: `.env` files, `values`, the environment (winning), `NAME_FILE`
 * secrets, the root schema and every namespace's schema, then the namespace factories. Collects every problem and
 * throws one `BallastConfigError` (`BALLAST_CONFIG_VALIDATION_FAILED`) listing them all, with no secret value in it.
 * @internal
 */
export function loadConfig(input: LoadInput): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const raw = new Map<string, RawValue>();
  for (const [key, entry] of readEnvFiles(input.envFiles, input.env, input.expandVariables ?? false, problems)) {
    raw.set(key, { value: entry.value, source: 'file', from: basename(entry.file) });
  }
  for (const [key, value] of Object.entries(input.values ?? {})) {
    if (typeof value === 'string') raw.set(key, { value, source: 'provided' });
  }
  for (const [key, value] of Object.entries(input.env)) {
    if (typeof value !== 'string') continue;
    // A value ballast itself copied from this .env file into process.env is still the file's.
    const current = raw.get(key);
    if (
      input.env === process.env &&
      current?.source === 'file' &&
      current.value === value &&
      copiedFromEnvFile(key, value)
    ) {
      continue;
    }
    raw.set(key, { value, source: 'env' });
  }
  const fromEnvFiles: Record<string, string> = {};
  for (const [key, { value, source }] of raw) if (source === 'file') fromEnvFiles[key] = value;

  // Every declared variable, the namespaces that declare it, and whether it is secret.
  const rootKeys = input.schema ? describeKeys(input.schema) : {};
  const declared = new Map<string, { secret: boolean; namespaces: string[] }>();
  const declare = (key: string, description: Joi.Description | undefined, namespace?: string) => {
    const entry = declared.get(key) ?? { secret: false, namespaces: [] };
    entry.secret ||= markedSecret(description) || isSecretName(key, input.secretPatterns);
    if (namespace) entry.namespaces.push(namespace);
    declared.set(key, entry);
  };
  for (const [key, description] of Object.entries(rootKeys)) declare(key, description);
  for (const ns of input.namespaces) {
    for (const [key, description] of Object.entries(describeKeys(ns.schema))) declare(key, description, ns.namespace);
  }

  // NAME_FILE: a mounted secret (Docker, Kubernetes). Its content is secret whatever the variable's name.
  // One problem per cause: a variable whose NAME_FILE is in conflict or unreadable has no value to validate, so its
  // schema's findings ("is required") are not reported on top.
  const settled = new Set<string>();
  for (const [key, info] of declared) {
    const fileKey = `${key}_FILE`;
    const pointer = raw.get(fileKey);
    if (!pointer || declared.has(fileKey)) continue;
    const plain = raw.get(key);
    if (plain) {
      info.secret = true; // one of the two is a secret file's pointer: treat the plain value as secret too
      settled.add(key);
      problems.push({
        key,
        message:
          `both ${key} (from ${origin(plain)}) and ${fileKey} (from ${origin(pointer)}) are set; ` +
          'set only one of them',
        code: PROBLEM_CODES.fileConflict,
      });
      continue;
    }
    try {
      const content = readFileSync(pointer.value, 'utf8').replace(/(\r?\n)+$/, '');
      raw.set(key, { value: content, source: 'file', from: fileKey });
      info.secret = true;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      settled.add(key);
      problems.push({
        key: fileKey,
        message:
          `cannot read ${pointer.value}, the file it names (${reason}; set in ${origin(pointer)}); ` +
          `mount the file or unset ${fileKey}`,
        code: PROBLEM_CODES.fileUnreadable,
      });
    }
  }

  // Every string that must never be printed, in every form it can take on its way to a message (trimmed, lower- and
  // upper-cased, percent-decoded): secret values, and the password and secret query parameters of any URL. Only
  // declared variables can reach a message; scrubbing every *_KEY of the whole environment would garble reports.
  const secrets = new Set<string>();
  const hide = (key: string, text: string | undefined) => {
    if (text === undefined || !declared.has(key)) return;
    if (declared.get(key)!.secret) for (const form of secretForms(text)) secrets.add(form);
    for (const part of urlSecrets(text)) for (const form of secretForms(part)) secrets.add(form);
  };
  for (const [key, { value }] of raw) hide(key, value);

  const candidate: Record<string, string> = {};
  for (const [key, { value }] of raw) candidate[key] = value;

  const collect = (schema: Joi.ObjectSchema, namespace?: string): Record<string, unknown> => {
    const { value, findings } = validateAll(schema, candidate, VALIDATION_PREFS);
    // The validated forms too (a schema may transform a value): a namespace factory's error could quote them.
    for (const [key, validated] of Object.entries(value)) hide(key, display(validated));
    const where = namespace ? { namespace } : {};
    for (const finding of findings) {
      if (finding.key !== undefined && settled.has(finding.key)) continue;
      if (finding.type === 'external') {
        problems.push({
          key: finding.path,
          message:
            'has an external() rule, which joi runs only in validateAsync(); the configuration is validated ' +
            'synchronously at startup, so move that check into a provider (or onModuleInit) of your app',
          code: PROBLEM_CODES.unsupportedRule,
          ...where,
        });
        continue;
      }
      const key = finding.path || (finding.label ?? 'value');
      const label = finding.label ?? key;
      // A secret's message is ballast's own, built from the error type: whatever the schema wrote (a custom
      // validator, .messages(), .error()) may quote the value or a transformed form of it.
      const message =
        finding.key !== undefined && declared.get(finding.key)?.secret
          ? secretProblemMessage(finding.type, finding.context)
          : finding.message.startsWith(`${label} `)
            ? finding.message.slice(label.length + 1)
            : finding.message;
      problems.push({ key, message, code: PROBLEM_CODES.invalidValue, ...where });
    }
    return value;
  };

  const values: Record<string, unknown> = {};
  if (input.schema) {
    const validated = collect(input.schema);
    for (const key of Object.keys(rootKeys)) values[key] = validated[key];
  }
  const namespaceInputs = new Map<string, Record<string, unknown>>();
  for (const ns of input.namespaces) {
    const validated = collect(ns.schema, ns.namespace);
    const own: Record<string, unknown> = {};
    for (const key of Object.keys(ns.keys)) {
      own[key] = validated[key];
      if (!(key in values)) values[key] = validated[key];
    }
    namespaceInputs.set(ns.namespace, own);
  }

  // A required variable that is missing while a likely typo of its name is set: one cause, so one problem that names
  // the fix, not "is required" here and a typo warning (only logged on success) elsewhere.
  const typos = input.typoWarnings
    ? findTypos(raw.keys(), new Set(declared.keys()), input.typoWarnings.prefixes, input.typoWarnings.maxDistance)
    : [];
  for (const problem of problems) {
    const typo = typos.find((t) => t.suggestion === problem.key);
    if (typo && problem.code === PROBLEM_CODES.invalidValue && problem.message === 'is required') {
      problem.message = `is required; ${typo.key} is set but not declared: rename it to ${problem.key}`;
    }
  }

  const fail = () => {
    const seen = new Set<string>();
    const unique = problems
      .map((p) => ({ ...p, message: scrub(p.message, secrets) }))
      .filter((p) => {
        const id = `${p.key}\0${p.message}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    return validationFailed(unique);
  };
  if (problems.length > 0) throw fail();

  const namespaces: Record<string, unknown> = {};
  for (const ns of input.namespaces) {
    try {
      namespaces[ns.namespace] = ns.factory(namespaceInputs.get(ns.namespace) as never);
    } catch (error) {
      problems.push({
        key: ns.namespace,
        message: `the namespace factory threw: ${error instanceof Error ? error.message : String(error)}`,
        code: PROBLEM_CODES.namespaceFactoryFailed,
        namespace: ns.namespace,
      });
    }
  }
  if (problems.length > 0) throw fail();

  const entries: ConfigEntry[] = [...declared].map(([key, info]) => {
    const source = raw.get(key);
    const text = display(values[key]);
    return {
      key,
      value: text === undefined ? undefined : info.secret ? REDACTED : scrub(redactUrl(text), secrets),
      source: source?.source ?? (values[key] === undefined ? undefined : 'default'),
      ...(source?.from ? { from: source.from } : {}),
      secret: info.secret,
      namespaces: info.namespaces,
    };
  });

  const warnings = typos.map(
    ({ key, suggestion }) => `${key} is set but not declared in any schema; did you mean ${suggestion}?`,
  );

  return { values, namespaces, entries, warnings, fromEnvFiles };
}

/** The `describe()` table as text lines, e.g. `DB_PASSWORD=[REDACTED] (file: DB_PASSWORD_FILE)`. */
export function formatEntries(entries: readonly ConfigEntry[]): string[] {
  return entries.map((entry) => {
    const where = entry.source ? `${entry.source}${entry.from ? `: ${entry.from}` : ''}` : 'unset';
    return `${entry.key}=${entry.value ?? ''} (${where})`;
  });
}
