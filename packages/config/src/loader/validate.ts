import type Joi from 'joi';

/** One thing a schema rejected. @internal */
export interface Finding {
  /** The top-level variable at fault; undefined for a rule of the object itself. */
  key: string | undefined;
  /** The full path, e.g. `DB.host` (the key alone for a top-level variable). */
  path: string;
  /** Joi's error type (`number.base`, `any.custom`), `override` or `external` (a rule's own error), or a Standard
   * Schema library's issue code. */
  type: string;
  /** The message as the schema built it (Joi's, or the author's `.error()`/`.messages()` text). */
  message: string;
  /** Joi's label of the value, when Joi reported it. */
  label?: string;
  /** The context Joi gave the error (`valids`, `limit`...). Never printed as is. */
  context?: Record<string, unknown>;
}

// Joi's extension API (`$_setFlag`, `$_modify`, `_flags`), the same in joi 17 and 18: what `any.tailor()` walks the
// schema tree with. Typed here because joi's typings leave it out.
interface Walkable {
  _flags: Record<string, unknown>;
  $_setFlag(name: string, value: unknown): Walkable;
  $_modify(options: { ref: false; each: (item: Walkable, source: { key?: string | false }) => Walkable }): Walkable;
}

/**
 * A copy of the schema with every `.error()` override removed, at every depth; `keep` leaves one top-level key as the
 * author wrote it. An override replaces Joi's report (`.error(new Error())` hides every other key's error, and
 * `.error(() => [])` makes a failure pass), so the decision whether the configuration is valid is always taken
 * without them. @internal
 */
export function withoutOverrides<S extends Joi.Schema>(schema: S, keep?: string): S {
  const strip = (node: Walkable, top: boolean): Walkable => {
    const own = node._flags.error === undefined ? node : node.$_setFlag('error', undefined);
    return own.$_modify({
      ref: false,
      each: (child, source) => (top && keep !== undefined && source.key === keep ? child : strip(child, false)),
    });
  };
  return strip(schema as unknown as Walkable, true) as unknown as S;
}

/** True when `description` (a `describe()` output), or anything under it, has the given property. */
function mentions(description: unknown, property: string): boolean {
  if (!description || typeof description !== 'object') return false;
  if (Array.isArray(description)) return description.some((item) => mentions(item, property));
  const record = description as Record<string, unknown>;
  if (
    property === 'error' ? (record.flags as { error?: unknown } | undefined)?.error !== undefined : property in record
  )
    return true;
  return Object.values(record).some((value) => mentions(value, property));
}

/** True when the schema, or anything under it, has an `external()` rule. @internal */
export function hasExternals(schema: Joi.Schema): boolean {
  return mentions(schema.describe(), 'externals');
}

/** Joi's report as findings. @internal */
export function fromDetails(details: readonly Joi.ValidationErrorItem[]): Finding[] {
  return details.map((detail) => {
    const path = detail.path.map(String);
    return {
      key: path[0],
      path: path.join('.'),
      type: detail.type,
      message: detail.message,
      ...(detail.context?.label !== undefined ? { label: detail.context.label } : {}),
      ...(detail.context ? { context: detail.context as Record<string, unknown> } : {}),
    };
  });
}

export function isReport(error: unknown): error is Joi.ValidationError {
  const details = (error as { details?: unknown } | undefined)?.details;
  return Array.isArray(details) && details.length > 0;
}

/**
 * Validates `candidate` so that no schema can switch validation off: the verdict (which keys fail) comes from the
 * schema without its `.error()` overrides; the author's own message is then looked up key by key, with only that key's
 * overrides in place. `external()` rules are not run here (Joi runs them only asynchronously, once every other rule
 * passed): see `hasExternals` and joi-schema.ts.
 * @internal
 */
export function validateAll(
  schema: Joi.ObjectSchema,
  candidate: Record<string, unknown>,
  prefs: Joi.ValidationOptions,
): { value: Record<string, unknown>; findings: Finding[] } {
  const keys = ((schema.describe() as { keys?: Record<string, unknown> }).keys ?? {}) as Record<string, unknown>;
  const findings: Finding[] = [];
  const options: Joi.ValidationOptions = { ...prefs, externals: false };
  let neutral = schema;
  try {
    neutral = withoutOverrides(schema);
  } catch {
    // A schema joi will not copy (left inside a ruleset): judged as written; a bare Error still fails it below.
  }
  const { error, value } = neutral.validate(candidate, options);
  if (error) {
    // Without overrides Joi always reports details; a schema that still returns a bare Error fails as a whole.
    if (isReport(error)) findings.push(...fromDetails(error.details));
    else findings.push({ key: undefined, path: '', type: 'override', message: String((error as Error).message) });
  }

  // The author's message, for each failing key whose schema has an override somewhere.
  const failing = new Set(findings.filter((f) => f.key !== undefined).map((f) => f.key!));
  for (const key of failing) {
    if (!mentions(keys[key], 'error')) continue;
    let own: Joi.ValidationError | undefined;
    try {
      own = withoutOverrides(schema, key).validate(candidate, options).error;
    } catch {
      continue;
    }
    if (!own) continue; // e.g. `.error(() => [])`: Joi's own report stands
    const replacement: Finding[] = isReport(own)
      ? fromDetails(own.details).filter((f) => f.key === key)
      : // Joi's type and context stay (what failed); the text is the author's.
        [{ ...findings.find((f) => f.key === key)!, message: String((own as Error).message) }];
    if (replacement.length === 0) continue;
    const first = findings.findIndex((f) => f.key === key);
    const rest = findings.filter((f) => f.key !== key);
    rest.splice(first, 0, ...replacement);
    findings.splice(0, findings.length, ...rest);
  }
  return { value: (value ?? {}) as Record<string, unknown>, findings };
}
