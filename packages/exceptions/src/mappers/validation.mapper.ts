import { BadRequestException } from '@nestjs/common';
import type { ExceptionMapper, FieldError } from './mapper.types.js';
import { isHttpException, isObject } from './mapper.utils.js';

/** class-validator's `ValidationError`, by shape (class-validator is not a dependency of this package). */
export interface ValidationErrorLike {
  property: string;
  value?: unknown;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** Message of a failed validation. */
export const VALIDATION_FAILED_MESSAGE = 'Validation failed';

/**
 * The exception `validationExceptionFactory` throws: a 400 that keeps the field structure of class-validator's
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

/**
 * Flattens class-validator errors to `[{ field: 'address.city', messages: [...] }]`. Array items (numeric
 * properties) are written `items[0].name`.
 */
export function flattenValidationErrors(errors: readonly ValidationErrorLike[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors ?? []) {
    if (!isObject(error)) continue;
    const property = String(error.property);
    const field = !parent ? property : /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
    const messages = Object.values(error.constraints ?? {}).filter((m): m is string => typeof m === 'string');
    if (messages.length > 0) out.push({ field, messages });
    if (Array.isArray(error.children) && error.children.length > 0) {
      out.push(...flattenValidationErrors(error.children, field));
    }
  }
  return out;
}

/**
 * `exceptionFactory` for Nest's `ValidationPipe` that keeps the field structure:
 * `new ValidationPipe({ exceptionFactory: validationExceptionFactory })`.
 */
export function validationExceptionFactory(errors: ValidationErrorLike[]): BallastValidationException {
  return new BallastValidationException(flattenValidationErrors(errors));
}

/**
 * Parses the flat messages of Nest's default ValidationPipe (`"address.city must be a string"`) into field details.
 * The field is the first word when it looks like a property path; `each value in tags ...` and
 * `property foo should not exist` are understood too. Anything else lands under field `''`.
 */
export function parseValidationMessages(messages: readonly string[]): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const message of messages) {
    const field =
      /^property ([\w$.[\]-]+) should not exist$/.exec(message)?.[1] ??
      /^each value in (?:nested property )?([\w$.[\]-]+) /.exec(message)?.[1] ??
      /^([\w$][\w$.[\]-]*) /.exec(message)?.[1] ??
      '';
    const list = byField.get(field) ?? [];
    list.push(message);
    byField.set(field, list);
  }
  return [...byField].map(([field, list]) => ({ field, messages: list }));
}

/**
 * ValidationPipe errors → 400 `VALIDATION_FAILED` with `details: [{ field, messages }]`: from
 * `validationExceptionFactory` (exact structure), or parsed from the default pipe's flat message list.
 */
export const validationMapper: ExceptionMapper = {
  name: 'validation',
  map(exception) {
    if (exception instanceof BallastValidationException) {
      return { status: 400, message: VALIDATION_FAILED_MESSAGE, code: 'VALIDATION_FAILED', details: exception.details };
    }
    if (!isHttpException(exception) || exception.getStatus() !== 400) return undefined;
    const response = exception.getResponse();
    if (!isObject(response)) return undefined;
    if (
      response.code === 'VALIDATION_FAILED' &&
      Array.isArray(response.details) &&
      response.details.every((d) => isObject(d) && typeof d.field === 'string' && Array.isArray(d.messages))
    ) {
      return {
        status: 400,
        message: VALIDATION_FAILED_MESSAGE,
        code: 'VALIDATION_FAILED',
        details: response.details as FieldError[],
      };
    }
    const messages = response.message;
    if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m) => typeof m === 'string'))
      return undefined;
    return {
      status: 400,
      message: VALIDATION_FAILED_MESSAGE,
      code: 'VALIDATION_FAILED',
      details: parseValidationMessages(messages),
    };
  },
};
