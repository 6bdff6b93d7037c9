import { closestName } from '../text/edit-distance.js';
import { describeValue } from '../text/describe-value.js';
import type { OptionField } from './option-field.js';
import { OptionProblems } from './option-problems.js';

/** A module's options: one field per option name. @internal */
export type OptionsSpec = Record<string, OptionField<any, boolean>>;

/** The options as resolved from a spec: defaulted fields always hold a value, the others may be `undefined`. @internal */
export type ResolvedSpec<S extends OptionsSpec> = {
  [K in keyof S]: S[K] extends OptionField<infer T, true>
    ? T
    : S[K] extends OptionField<infer T, false>
      ? T | undefined
      : never;
};

/** How one module reads its options. @internal */
export interface ReadOptionsPolicy {
  /** Prefix of nested options in messages (`redis.`); empty at the top level. */
  path?: string;
  /**
   * Names users bring from another library or an older ballast, each with the sentence that names the equivalent:
   * `{ validationSchema: 'use `schema` (a Joi object)' }`. Checked before the typo suggestion.
   */
  otherNames?: Record<string, string>;
}

/**
 * Reads `input` against `spec`: every known option parsed (or defaulted), every unknown one refused with the closest
 * known name, `isGlobal` from a forRootAsync factory refused with where it belongs. Problems are added to `problems`
 * (created when not given); the caller adds its cross-field rules, then throws once with every problem.
 * @internal
 */
export function readOptions<S extends OptionsSpec>(
  spec: S,
  input: unknown,
  policy: ReadOptionsPolicy = {},
  problems: OptionProblems = new OptionProblems(),
): { values: ResolvedSpec<S>; problems: OptionProblems } {
  const path = policy.path ?? '';
  const values = {} as Record<string, unknown>;
  let source: Record<string, unknown> = {};
  if (input !== undefined && input !== null) {
    if (typeof input === 'object' && !Array.isArray(input)) {
      source = input as Record<string, unknown>;
    } else {
      const fix = path === '' ? ' Pass forRoot({ … }), or return an object from the forRootAsync factory.' : '';
      problems.add(
        path === '' ? 'options' : path.slice(0, -1),
        `must be an object, got ${describeValue(input)}.${fix}`,
      );
    }
  }

  const known = Object.keys(spec);
  for (const key of Object.keys(source)) {
    if (Object.hasOwn(spec, key)) continue;
    problems.add(`${path}${key}`, unknownOption(key, known, path, policy.otherNames));
  }

  for (const name of known) {
    const field = spec[name]!;
    const value = source[name];
    if (value === undefined) {
      values[name] = field.defaultValue;
      continue;
    }
    const parsed = field.parse(value);
    if ('problem' in parsed) {
      problems.add(`${path}${name}`, parsed.problem);
      values[name] = field.defaultValue;
    } else {
      values[name] = parsed.value;
    }
  }
  return { values: values as ResolvedSpec<S>, problems };
}

/** The message for an unknown option: where `isGlobal` belongs, another library's name, a typo, or the list. */
function unknownOption(key: string, known: string[], path: string, otherNames: Record<string, string> = {}): string {
  if (key === 'isGlobal' && path === '') {
    return (
      'unknown option here; isGlobal is an option of forRoot()/forRootAsync() itself, not of the options the ' +
      'factory returns: write forRootAsync({ isGlobal: true, useFactory }).'
    );
  }
  const other = Object.hasOwn(otherNames, key) ? otherNames[key] : undefined;
  if (other !== undefined) return `unknown option; ${other}.`;
  const match = closestName(key, known);
  if (match !== undefined) return `unknown option; did you mean ${path}${match}?`;
  return `unknown option; the options are ${known.map((k) => path + k).join(', ')}.`;
}
