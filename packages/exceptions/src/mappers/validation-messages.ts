import type { PathSegment } from './field-path.js';
import type { FieldError } from './mapper.types.js';
import { isObject } from './mapper.utils.js';
import { grouped } from './validation-field-errors.js';

// class-validator's default messages, after the parent path Nest's ValidationPipe writes before them. The property
// is one path segment (no dot, no space). Sticky: tried at each segment boundary without copying the message.
const CLASS_VALIDATOR_MESSAGES = [
  /property ([^\s.]+) should not exist$/y,
  /nested property ([^\s.]+) must be /y,
  /each value in (?:nested property )?([^\s.]+) /y,
  /All ([^\s.]+)'s elements /y,
  /(?:minimal|maximal) allowed date for (?:each value in )?([^\s.]+) is /y,
  /([^\s.]+) (?:must|should|is not) /y,
];
const PARENT_SEGMENT = /([^\s.]+)\.(?=\S)/y;

/** The object or array at `segments` in `body`, or undefined. */
function objectAt(body: unknown, segments: readonly string[]): unknown {
  let current = body;
  for (const segment of segments) {
    if (!isObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return isObject(current) ? current : undefined;
}

/** One message of the default ValidationPipe: its field path and class-validator's message without the parent. */
function splitPipeMessage(message: string, body: unknown): [PathSegment[], string] {
  const parents: string[] = [];
  let at = 0;
  for (;;) {
    for (const pattern of CLASS_VALIDATOR_MESSAGES) {
      pattern.lastIndex = at;
      const property = pattern.exec(message)?.[1];
      if (property) return [[...parents, property], message.slice(at)];
    }
    PARENT_SEGMENT.lastIndex = at;
    const next = PARENT_SEGMENT.exec(message);
    if (!next) break;
    parents.push(next[1]!);
    at = PARENT_SEGMENT.lastIndex;
  }
  // A message of your own (`@IsString({ message: 'Please give a city' })`): Nest writes the parent path before it
  // when it is nested. That is a path only when the body has an object there; otherwise the message has no field.
  if (parents.length > 0 && objectAt(body, parents) !== undefined) return [parents, message.slice(at)];
  return [[], message];
}

/**
 * Parses the flat messages of Nest's default ValidationPipe (`"items.0.quantity must not be less than 1"`) into
 * field errors with the same paths and messages as `validationExceptionFactory` (`items[0].quantity`,
 * `quantity must not be less than 1`). A field is only taken from class-validator's own message shapes, or from a
 * parent path the request `body` really has; any other message keeps field `''`.
 */
export function parseValidationMessages(messages: readonly string[], body?: unknown): FieldError[] {
  return grouped(messages.map((message) => splitPipeMessage(message, body)));
}

/** Nest 12's `errorFormat: 'grouped'`: `{ 'items.0.quantity': ['quantity must not be less than 1'] }`. */
export function parseGroupedValidationMessages(message: Record<string, unknown>): FieldError[] {
  const entries: [PathSegment[], string][] = [];
  for (const [path, list] of Object.entries(message)) {
    const segments = path === '...' ? [] : path.split('.');
    for (const m of Array.isArray(list) ? list : [list]) if (typeof m === 'string') entries.push([segments, m]);
  }
  return grouped(entries);
}

/** Nest 12's `StandardSchemaValidationPipe` messages: `"items.0.quantity: Too small"`, or the bare message. */
export function parseStandardSchemaMessages(messages: readonly string[]): FieldError[] {
  return grouped(
    messages.map((message): [PathSegment[], string] => {
      const at = message.indexOf(': ');
      return at > 0 && !/\s/.test(message.slice(0, at))
        ? [message.slice(0, at).split('.'), message.slice(at + 2)]
        : [[], message];
    }),
  );
}
