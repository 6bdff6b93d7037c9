import { BadRequestException } from '@nestjs/common';
import { fieldPath, jsonPointer, type PathSegment } from './field-path.js';
import type { ExceptionMapper, FieldError, MappedError } from './mapper.types.js';
import { isHttpException, isObject, safeStatus, type HttpExceptionLike } from './mapper.utils.js';

/** class-validator's `ValidationError`, by shape (class-validator is not a dependency of this package). */
export interface ValidationErrorLike {
  property: string;
  value?: unknown;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** A Standard Schema issue (Zod, Valibot, ArkType… through Nest's `StandardSchemaValidationPipe`), by shape. */
export interface StandardSchemaIssueLike {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
}

/** Message of a failed validation. */
export const VALIDATION_FAILED_MESSAGE = 'Validation failed';

/**
 * The exception `validationExceptionFactory` throws: a 400 that keeps the field structure of the validator's
 * errors, nested DTOs and arrays included.
 */
export class BallastValidationException extends BadRequestException {
  constructor(readonly details: FieldError[]) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: VALIDATION_FAILED_MESSAGE,
      code: 'VALIDATION_FAILED',
      details,
    });
  }
}

function fieldError(segments: readonly PathSegment[], messages: string[]): FieldError {
  return segments.length > 0
    ? { field: fieldPath(segments), messages, pointer: jsonPointer(segments) }
    : { field: '', messages };
}

/** Field errors in order of first appearance, the messages of one field together. */
function grouped(entries: Iterable<[readonly PathSegment[], string]>): FieldError[] {
  const byField = new Map<string, { segments: readonly PathSegment[]; messages: string[] }>();
  for (const [segments, message] of entries) {
    const key = JSON.stringify(segments.map(String));
    const entry = byField.get(key) ?? { segments, messages: [] };
    entry.messages.push(message);
    byField.set(key, entry);
  }
  return [...byField.values()].map(({ segments, messages }) => fieldError(segments, messages));
}

const toSegments = (parent: string): PathSegment[] =>
  parent ? parent.split(/\.|\[(\d+)\]\.?/).filter((s): s is string => !!s) : [];

/**
 * Flattens class-validator errors to `[{ field: 'address.city', messages: [...], pointer: '#/address/city' }]`.
 * Array items (numeric properties) are written `items[0].name`; messages are class-validator's own.
 */
export function flattenValidationErrors(errors: readonly ValidationErrorLike[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  const walk = (list: readonly ValidationErrorLike[], path: readonly PathSegment[]) => {
    for (const error of list ?? []) {
      if (!isObject(error)) continue;
      const segments = [...path, String(error.property)];
      const messages = Object.values(error.constraints ?? {}).filter((m): m is string => typeof m === 'string');
      if (messages.length > 0) out.push(fieldError(segments, messages));
      if (Array.isArray(error.children) && error.children.length > 0) walk(error.children, segments);
    }
  };
  walk(errors, toSegments(parent));
  return out;
}

/** Standard Schema issues as field errors: the issue's path and its message as it is. */
export function flattenStandardSchemaIssues(issues: readonly StandardSchemaIssueLike[]): FieldError[] {
  return grouped(
    (issues ?? [])
      .filter(isObject)
      .map((issue): [PathSegment[], string] => [
        (Array.isArray(issue.path) ? issue.path : []).map((s: unknown) => String(isObject(s) ? s.key : s)),
        String(issue.message),
      ]),
  );
}

/**
 * `exceptionFactory` for Nest's `ValidationPipe` (class-validator errors) and `StandardSchemaValidationPipe`
 * (Standard Schema issues) that keeps the field structure:
 * `new ValidationPipe({ exceptionFactory: validationExceptionFactory })`.
 */
export function validationExceptionFactory(
  errors: readonly (ValidationErrorLike | StandardSchemaIssueLike)[],
): BallastValidationException {
  const issues = (errors ?? []).every((e) => isObject(e) && !('property' in e) && typeof e.message === 'string');
  return new BallastValidationException(
    issues && errors.length > 0
      ? flattenStandardSchemaIssues(errors as StandardSchemaIssueLike[])
      : flattenValidationErrors(errors as ValidationErrorLike[]),
  );
}

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

type PipeKind = 'class-validator' | 'standard-schema';

// The built-in exception factory of Nest's pipes builds the exception inside the pipe's file; a factory of your own
// (or your own `throw`) builds it elsewhere. Nest 11 and 12, ESM and CommonJS, subclasses of the pipes included.
const PIPE_FRAME =
  /^\s*at (?:\S+\.)?exceptionFactory \(.*[\\/]@nestjs[\\/]common[\\/]pipes[\\/](validation|standard-schema-validation)\.pipe\.[cm]?js:/m;

/** Which of Nest's validation pipes built `exception` with its default exception factory, if one did. */
export function builtByNestValidationPipe(exception: HttpExceptionLike): PipeKind | undefined {
  let stack: unknown;
  try {
    stack = (exception as { stack?: unknown }).stack;
  } catch {
    return undefined;
  }
  if (typeof stack !== 'string') return undefined;
  // The construction site is the first frame; look only at the first few, past any multi-line message.
  const frames = stack
    .split('\n')
    .filter((line) => /^\s*at /.test(line))
    .slice(0, 3)
    .join('\n');
  const kind = PIPE_FRAME.exec(frames)?.[1];
  return kind === undefined ? undefined : kind === 'validation' ? 'class-validator' : 'standard-schema';
}

const failed = (status: number, details?: FieldError[]): MappedError => ({
  status,
  message: VALIDATION_FAILED_MESSAGE,
  code: 'VALIDATION_FAILED',
  ...(details ? { details } : {}),
});

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((m) => typeof m === 'string');

/**
 * Validation errors → `VALIDATION_FAILED` with `details: [{ field, messages, pointer }]`: from
 * `validationExceptionFactory` (exact structure), or parsed from what Nest's `ValidationPipe` (list and grouped
 * formats) and `StandardSchemaValidationPipe` throw by default. A `BadRequestException(['…'])` your code throws is
 * not a validation failure: it is left to the http-exception mapper and keeps its messages.
 */
export const validationMapper: ExceptionMapper = {
  name: 'validation',
  map(exception, context) {
    if (exception instanceof BallastValidationException) return failed(400, exception.details);
    if (!isHttpException(exception)) return undefined;
    const response = exception.getResponse();
    if (
      exception.getStatus() === 400 &&
      isObject(response) &&
      response.code === 'VALIDATION_FAILED' &&
      Array.isArray(response.details) &&
      response.details.every((d) => isObject(d) && typeof d.field === 'string' && isStringArray(d.messages))
    ) {
      return failed(400, response.details as FieldError[]);
    }
    const status = safeStatus(exception.getStatus());
    const message = isObject(response) ? response.message : undefined;
    const list = isStringArray(message) && message.length > 0;
    const group = !list && isObject(message) && !Array.isArray(message);
    // The stack is only read for the shapes the pipes throw, not for every 4xx.
    if (status > 499 || (!list && !group)) return undefined;
    const pipe = builtByNestValidationPipe(exception);
    if (pipe === 'standard-schema' && list) return failed(status, parseStandardSchemaMessages(message));
    if (pipe === 'class-validator' && list) {
      return failed(status, parseValidationMessages(message, context?.request?.body));
    }
    if (pipe === 'class-validator' && group) return failed(status, parseGroupedValidationMessages(message));
    return undefined;
  },
};
