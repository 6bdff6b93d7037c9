import { describeValue } from '../text/describe-value.js';
import { closestName } from '../text/edit-distance.js';

/**
 * One option in a module's spec: what it must be (as the error says it), how to check a value, and its default.
 * `T` is the type of the resolved value; fields without a default resolve to `T | undefined`.
 * @internal
 */
export interface OptionField<T, HasDefault extends boolean = boolean> {
  /** What a valid value is, completing "must be …": `an integer number of milliseconds >= 0`. */
  readonly expected: string;
  /** The value to use, or a problem (without the option name) when `value` does not fit. */
  parse(value: unknown): { value: T } | { problem: string };
  readonly defaultValue: HasDefault extends true ? T : undefined;
  /** Makes the field default to `value` when the option is not set. */
  default(value: T): OptionField<T, true>;
  /** Adds the sentence that says how to fix a bad value ("Pass e.g. () => randomUUID(), or leave it out."). */
  fix(sentence: string): OptionField<T, HasDefault>;
}

/** A field from its expectation and a predicate (and, optionally, a conversion of the accepted value). @internal */
export function field<T>(
  expected: string,
  accepts: (value: unknown) => boolean,
  convert: (value: unknown) => T = (value) => value as T,
): OptionField<T, false> {
  return make<T, false>(
    expected,
    (value) => (accepts(value) ? { value: convert(value) } : undefined),
    undefined as never,
  );
}

/** What an attempt to read a value gives: the value, a specific problem, or undefined for "must be <expected>". */
type Attempt<T> = { value: T } | { problem: string } | undefined;

function make<T, D extends boolean>(
  expected: string,
  attempt: (value: unknown) => Attempt<T>,
  defaultValue: D extends true ? T : undefined,
  fixSentence?: string,
): OptionField<T, D> {
  return {
    expected,
    defaultValue,
    parse(value) {
      const result = attempt(value) ?? { problem: `must be ${expected}, got ${describeValue(value)}.` };
      return 'problem' in result && fixSentence !== undefined
        ? { problem: `${result.problem} ${fixSentence}` }
        : result;
    },
    default(fallback: T) {
      return make<T, true>(expected, attempt, fallback, fixSentence);
    },
    fix(sentence: string) {
      return make<T, D>(expected, attempt, defaultValue, sentence);
    },
  };
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** An integer number of milliseconds (the unit every `…Ms` option uses), at least `min` (0). @internal */
export function milliseconds(min = 0, max?: number): OptionField<number, false> {
  const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
  return field(
    `an integer number of milliseconds ${range}`,
    (v) => isInteger(v) && v >= min && (max === undefined || v <= max),
  );
}

/** An integer from `min` to `max` (inclusive), described as `what` ("an integer exit code"). @internal */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER, what = 'an integer'): OptionField<number, false> {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return field(`${what} ${range}`, (v) => isInteger(v) && v >= min && v <= max);
}

/** A finite number from `min` to `max` (inclusive). @internal */
export function finiteNumber(min: number, max: number): OptionField<number, false> {
  return field(
    `a number from ${min} to ${max}`,
    (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max,
  );
}

/** `true` or `false`. @internal */
export function flag(): OptionField<boolean, false> {
  return field('a boolean (true or false)', (v) => typeof v === 'boolean');
}

/** A string, non-empty unless `allowEmpty`. @internal */
export function text(allowEmpty = false): OptionField<string, false> {
  return field(
    allowEmpty ? 'a string' : 'a non-empty string',
    (v) => typeof v === 'string' && (allowEmpty || v !== ''),
  );
}

/** One of the listed strings; a near miss (`'verbosee'`, `'Redis'`) is told the value it probably meant. @internal */
export function oneOf<const V extends string>(values: readonly V[]): OptionField<V, false> {
  const expected = `one of ${values.map((v) => `'${v}'`).join(', ')}`;
  return make<V, false>(
    expected,
    (value) => {
      if (values.includes(value as V)) return { value: value as V };
      const near = typeof value === 'string' ? closestName(value, values) : undefined;
      if (near === undefined) return undefined;
      return { problem: `must be ${expected}, got ${describeValue(value)}; did you mean '${near}'?` };
    },
    undefined as never,
  );
}

/** A function (a hook, a factory, a predicate). @internal */
export function func<F extends (...args: never[]) => unknown>(): OptionField<F, false> {
  return field('a function', (v) => typeof v === 'function');
}

/** An array whose items all pass `item`; each bad item is named by its index. @internal */
export function list<T>(item: OptionField<T, boolean>, expected?: string): OptionField<T[], false> {
  const description = expected ?? `an array of ${plural(item.expected)}`;
  return make<T[], false>(
    description,
    (value) => {
      if (!Array.isArray(value)) return undefined;
      const out: T[] = [];
      for (const [index, entry] of value.entries()) {
        const parsed = item.parse(entry);
        // "[1] must be a non-empty string, got 3.": the path prefix makes it "signals[1] must be …".
        if ('problem' in parsed) return { problem: `item ${index} ${parsed.problem}` };
        out.push(parsed.value);
      }
      return { value: out };
    },
    undefined as never,
  );
}

/** A plain object (its keys are checked by the module's own rules). @internal */
export function plainObject<T extends object = Record<string, unknown>>(): OptionField<T, false> {
  return field('an object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** Anything but `undefined` (a client instance, a value whose shape the module checks itself). @internal */
export function anyValue<T = unknown>(expected = 'a value'): OptionField<T, false> {
  return field(expected, () => true);
}

function plural(expected: string): string {
  return expected.replace(/^an? /, '').replace(/^(\S+)/, '$1s');
}
