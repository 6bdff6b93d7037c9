import { BadRequestException } from '@nestjs/common';
import type { PathSegment } from './field-path.js';
import type { FieldError } from './mapper.types.js';
import { isObject } from './mapper.utils.js';
import { fieldError, grouped } from './validation-field-errors.js';

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
