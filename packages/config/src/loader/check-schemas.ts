import type Joi from 'joi';
import { PROBLEM_CODES, secretProblemMessage, type ConfigProblem } from '../config.errors.js';
import type { ConfigNamespace } from '../config.namespace.js';
import type { DeclaredVariable } from './declared.js';
import { display } from './entries.js';
import type { SecretValues } from './secret-values.js';
import { validateAll } from './validate.js';

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

/** What every schema is checked against, and where its findings go. @internal */
export interface SchemaCheck {
  /** Every raw value by variable name. */
  candidate: Record<string, string>;
  declared: ReadonlyMap<string, DeclaredVariable>;
  /** Variables already reported by a `NAME_FILE` problem: their schema findings are not reported on top. */
  settled: ReadonlySet<string>;
  secrets: SecretValues;
  problems: ConfigProblem[];
}

/**
 * Validates the candidate against the root schema, then each namespace's: the validated values of every declared
 * variable (the root schema's first), and each namespace's own values for its factory. Every finding is added to
 * `check.problems`. @internal
 */
export function checkSchemas(
  schema: Joi.ObjectSchema | undefined,
  rootKeys: readonly string[],
  namespaces: readonly ConfigNamespace<string, any, unknown>[],
  check: SchemaCheck,
): { values: Record<string, unknown>; namespaceInputs: Map<string, Record<string, unknown>> } {
  const values: Record<string, unknown> = {};
  if (schema) {
    const validated = checkSchema(schema, check);
    for (const key of rootKeys) values[key] = validated[key];
  }
  const namespaceInputs = new Map<string, Record<string, unknown>>();
  for (const ns of namespaces) {
    const validated = checkSchema(ns.schema, check, ns.namespace);
    const own: Record<string, unknown> = {};
    for (const key of Object.keys(ns.keys)) {
      own[key] = validated[key];
      if (!(key in values)) values[key] = validated[key];
    }
    namespaceInputs.set(ns.namespace, own);
  }
  return { values, namespaceInputs };
}

/** Validates with one schema; its findings become problems (a secret's in ballast's own words). */
function checkSchema(schema: Joi.ObjectSchema, check: SchemaCheck, namespace?: string): Record<string, unknown> {
  const { value, findings } = validateAll(schema, check.candidate, VALIDATION_PREFS);
  // The validated forms too (a schema may transform a value): a namespace factory's error could quote them.
  for (const [key, validated] of Object.entries(value)) check.secrets.hide(key, display(validated));
  const where = namespace ? { namespace } : {};
  for (const finding of findings) {
    if (finding.key !== undefined && check.settled.has(finding.key)) continue;
    if (finding.type === 'external') {
      check.problems.push({
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
      finding.key !== undefined && check.declared.get(finding.key)?.secret
        ? secretProblemMessage(finding.type, finding.context)
        : finding.message.startsWith(`${label} `)
          ? finding.message.slice(label.length + 1)
          : finding.message;
    check.problems.push({ key, message, code: PROBLEM_CODES.invalidValue, ...where });
  }
  return value;
}
