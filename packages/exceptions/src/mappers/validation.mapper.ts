import type { ExceptionMapper, FieldError, MappedError } from './mapper.types.js';
import { isHttpException, isObject, safeStatus, type HttpExceptionLike } from './mapper.utils.js';
import { BallastValidationException, VALIDATION_FAILED_MESSAGE } from './validation-exception.js';
import {
  parseGroupedValidationMessages,
  parseStandardSchemaMessages,
  parseValidationMessages,
} from './validation-messages.js';

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
