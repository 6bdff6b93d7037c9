import { types } from 'node:util';
import { serializeError } from '../serialize-error.js';
import { redactString } from './redact-string.js';
import type { KeyMatch } from './sensitive-keys.js';

/**
 * How deep the walk goes below a field of the line. Values deeper than this are replaced by the censor: never
 * written unread. (Deeper than any JSON a log line should carry, shallow enough for the call stack.)
 */
export const MAX_REDACT_DEPTH = 64;

/**
 * Most keys, items and strings read for one line (or one logged error): the cost of a line is bounded whatever it
 * carries. Once spent, every object and string not yet read is replaced by the censor (numbers and booleans are kept).
 */
export const MAX_REDACT_NODES = 5_000;

function isOpaque(value: object): boolean {
  // Serialized to a string or to nothing useful; their own fields hold no secrets worth a walk.
  return (
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Promise ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer
  );
}

interface Walk {
  budget: number;
  /** The objects being walked, root first: a value among them is a cycle. */
  readonly path: object[];
}

/** A redactor of values: the walk over one line's (or one error's) tree, with its limits. @internal */
export class Redactor {
  constructor(
    private readonly match: (name: string) => KeyMatch,
    private readonly censor: string,
  ) {}

  /**
   * `value` with every sensitive key's value, URL password and sensitive query parameter replaced by the censor, at
   * any depth, in arrays, inside Errors (serialized as the `err` field is: own fields, `cause`, `config`,
   * `response`…) and `toJSON()` results. Copies only what it changes; never mutates its input.
   */
  redact(value: unknown): unknown {
    return this.value(value, { budget: MAX_REDACT_NODES, path: [] }, 0);
  }

  /** Redacts URL passwords and sensitive query parameters in a string (a message). */
  redactText(text: string): string {
    return redactString(text, this.match, this.censor);
  }

  /** Redacts the fields of a line (top level included), except the `skip` keys (their serializers are allow-lists). */
  redactLine(line: Record<string, unknown>, skip: ReadonlySet<string>): Record<string, unknown> {
    let walk: Walk | undefined; // made on the first field that needs one: most lines are a few numbers and ids
    let copy: Record<string, unknown> | undefined;
    for (const key in line) {
      const value = line[key];
      if (value === undefined || skip.has(key)) continue;
      let redacted: unknown;
      if (typeof value === 'object' || typeof value === 'string') {
        redacted = this.field(key, value, (walk ??= { budget: MAX_REDACT_NODES, path: [] }), 1);
      } else {
        redacted = this.match(key) === 'exact' ? this.censor : value;
      }
      if (redacted !== value) (copy ??= { ...line })[key] = redacted;
    }
    return copy ?? line;
  }

  /** The value of field `key`: the censor when the name is sensitive, else the value walked. */
  private field(key: string, value: unknown, walk: Walk, depth: number): unknown {
    const match = this.match(key);
    // A name matched by pattern only (`maxTokens`, `passwordResetRequired`) keeps its numbers and booleans.
    if (match === 'exact' || (match === 'pattern' && (typeof value === 'string' || typeof value === 'object'))) {
      return value === null ? value : this.censor;
    }
    return this.value(value, walk, depth);
  }

  private value(value: unknown, walk: Walk, depth: number): unknown {
    if (typeof value === 'string') {
      if (--walk.budget < 0) return this.censor;
      return redactString(value, this.match, this.censor);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (isOpaque(value)) return value;
    if (--walk.budget < 0 || depth > MAX_REDACT_DEPTH) return this.censor;
    if (walk.path.includes(value)) return '[Circular]';

    let source: unknown = value;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === Array.prototype || proto === null) {
      // Plain objects and arrays (nearly all): no error, no toJSON on the prototype.
    } else if (value instanceof Error || types.isNativeError(value)) {
      // What JSON would drop (message, stack, cause) is what an error carries: serialize it as `err` is, then walk.
      source = serializeError(value);
    } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      try {
        source = (value as { toJSON(): unknown }).toJSON();
      } catch {
        return this.censor;
      }
      if (typeof source !== 'object' || source === null) return this.value(source, walk, depth);
    }
    walk.path.push(value);
    try {
      return this.children(source as object, walk, depth);
    } finally {
      walk.path.pop();
    }
  }

  /** Copy-on-write walk of an object's own fields or an array's items. */
  private children(value: object, walk: Walk, depth: number): unknown {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const redacted = this.value(item, walk, depth + 1);
        if (redacted !== item) (copy ??= value.slice())[i] = redacted;
      }
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (item === undefined) continue;
      if (--walk.budget < 0) {
        (copy ??= { ...record })[key] = typeof item === 'object' || typeof item === 'string' ? this.censor : item;
        continue;
      }
      const redacted = this.field(key, item, walk, depth + 1);
      if (redacted !== item) (copy ??= { ...record })[key] = redacted;
    }
    return copy ?? value;
  }
}

/**
 * The `formatters.log` of pino: redacts the fields of every line (see `Redactor`), top level included. Keys with a
 * serializer (`req`, `res`, `err`) are skipped here: `req`/`res` serializers are allow-lists and `err`'s output is
 * redacted by the serializer itself. pino's own `redact` paths still run (the user's `paths`). @internal
 */
export function createNestedRedactor(
  redactor: Redactor,
  skip: ReadonlySet<string>,
): (line: Record<string, unknown>) => Record<string, unknown> {
  return (line) => redactor.redactLine(line, skip);
}
