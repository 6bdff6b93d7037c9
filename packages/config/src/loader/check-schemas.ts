import { PROBLEM_CODES, secretProblemMessage, type ConfigProblem } from '../config.errors.js';
import type { ConfigNamespace } from '../config.namespace.js';
import type { ConfigSchema, SchemaOutcome } from '../schemas/config-schema.js';
import { whenAll } from '../schemas/maybe-async.js';
import type { DeclaredVariable } from './declared.js';
import { display } from './entries.js';
import type { SecretValues } from './secret-values.js';

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

/** The validated values of every declared variable, and each namespace's own values for its factory. @internal */
export interface CheckedValues {
  values: Record<string, unknown>;
  namespaceInputs: Map<string, Record<string, unknown>>;
}

/**
 * Validates the candidate against the root schema, then each namespace's: the validated values of every declared
 * variable (the root schema's first), and each namespace's own values for its factory. Every finding is added to
 * `check.problems`. A Promise when some schema validates asynchronously. @internal
 */
export function checkSchemas(
  schema: ConfigSchema | undefined,
  rootKeys: readonly string[],
  namespaces: readonly ConfigNamespace<string, any, unknown>[],
  check: SchemaCheck,
): CheckedValues | Promise<CheckedValues> {
  const schemas = [...(schema ? [schema] : []), ...namespaces.map((ns) => ns.schema)];
  return whenAll(
    schemas.map((one) => one.validate(check.candidate)),
    (outcomes) => {
      const values: Record<string, unknown> = {};
      let next = 0;
      if (schema) {
        const validated = report(outcomes[next++]!, check);
        if (schema.wholeOutput) Object.assign(values, validated);
        else for (const key of rootKeys) values[key] = validated[key];
      }
      const namespaceInputs = new Map<string, Record<string, unknown>>();
      for (const ns of namespaces) {
        const validated = report(outcomes[next++]!, check, ns.namespace);
        const own: Record<string, unknown> = {};
        for (const key of ns.schema.keys.keys()) {
          own[key] = validated[key];
          if (!(key in values)) values[key] = validated[key];
        }
        // A Standard Schema object schema may build more than its variables (a transform): its factory gets it all.
        namespaceInputs.set(ns.namespace, ns.schema.wholeOutput ? validated : own);
      }
      return { values, namespaceInputs };
    },
  );
}

/** One schema's findings become problems (a secret's in ballast's own words); returns its validated values. */
function report(outcome: SchemaOutcome, check: SchemaCheck, namespace?: string): Record<string, unknown> {
  const { value, findings, forms } = outcome;
  // The validated forms too (a schema may transform a value): a namespace factory's error could quote them.
  for (const [key, validated] of Object.entries(value)) check.secrets.hide(key, display(validated));
  for (const [key, validated] of Object.entries(forms ?? {})) check.secrets.hide(key, display(validated));
  const where = namespace ? { namespace } : {};
  for (const finding of findings) {
    if (finding.key !== undefined && check.settled.has(finding.key)) continue;
    const key = finding.path || (finding.label ?? 'value');
    const label = finding.label ?? key;
    // A secret's message is ballast's own, built from the error type: whatever the schema wrote (a custom
    // validator, .messages(), .error(), a Zod/Valibot/ArkType message) may quote the value or a transformed form.
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
