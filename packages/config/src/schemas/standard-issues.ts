import type { Finding } from '../loader/validate.js';
import type { StandardSchemaV1 } from './standard-schema.js';

function segment(part: PropertyKey | StandardSchemaV1.PathSegment): string {
  return String(typeof part === 'object' && part !== null ? part.key : part);
}

// The length rules of each library, as the Joi types ballast words a secret's problem from (config.errors.ts).
const LENGTH_RULES: Record<string, string> = {
  too_small: 'string.min', // Zod, with `minimum` and origin 'string'
  too_big: 'string.max',
  min_length: 'string.min', // Valibot, with `requirement`
  max_length: 'string.max',
  length: 'string.length',
  minLength: 'string.min', // ArkType, with `rule`
  maxLength: 'string.max',
  exactLength: 'string.length',
};

/**
 * What failed, never the value: the library's own name for it (Zod and ArkType `code`, Valibot `type`), as a Joi type
 * with its `limit` where it is a length rule, so a secret's problem reads the same whatever the library.
 */
function issueType(issue: StandardSchemaV1.Issue): { type: string; context?: Record<string, unknown> } {
  const fields = issue as unknown as Record<string, unknown>;
  const name = typeof fields.code === 'string' ? fields.code : typeof fields.type === 'string' ? fields.type : '';
  const limit = [fields.minimum, fields.maximum, fields.requirement, fields.rule].find((n) => typeof n === 'number');
  const rule = LENGTH_RULES[name];
  const stringRule = rule !== undefined && (fields.origin === undefined || fields.origin === 'string');
  if (stringRule && limit !== undefined) return { type: rule, context: { limit } };
  return { type: /^[\w.-]{1,40}$/.test(name) ? name : 'invalid' };
}

/**
 * A Standard Schema's issues as findings. `prefix` is the variable a per-variable schema validated. An issue at a
 * variable that is not set is reported as "is required", in the same words for every library. @internal
 */
export function issueFindings(
  issues: readonly StandardSchemaV1.Issue[],
  candidate: Readonly<Record<string, string>>,
  prefix?: string,
): Finding[] {
  const findings: Finding[] = [];
  const required = new Set<string>();
  for (const issue of issues) {
    // Array.from, not .map(): ArkType's path is an Array subclass whose .map() builds a new one with a stray element.
    const parts = [...(prefix === undefined ? [] : [prefix]), ...Array.from(issue.path ?? [], segment)];
    const key = parts[0];
    if (key !== undefined && parts.length === 1 && candidate[key] === undefined) {
      if (required.has(key)) continue; // a union reports each branch: one "is required" is enough
      required.add(key);
      findings.push({ key, path: key, type: 'any.required', message: 'is required' });
      continue;
    }
    findings.push({ key, path: parts.join('.'), ...issueType(issue), message: issue.message });
  }
  return findings;
}
