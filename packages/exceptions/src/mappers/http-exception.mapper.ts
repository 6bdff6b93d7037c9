import type { ExceptionMapper, MappedError } from './mapper.types.js';
import {
  isHttpException,
  isPlainData,
  reasonPhrase,
  safeStatus,
  type Dict,
  type HttpExceptionLike,
} from './mapper.utils.js';

const STANDARD_KEYS = new Set(['statusCode', 'status', 'error', 'message', 'code', 'details', 'errors']);

/**
 * `HttpException` and its subclasses, as Nest answers them: the status and message the code chose. A custom response
 * object is kept (its extra members become extensions of the body) only when it is plain data; otherwise the client
 * gets the status text, so class instances, errors and functions never reach it.
 */
export const httpExceptionMapper: ExceptionMapper = {
  name: 'http-exception',
  map(exception) {
    if (!isHttpException(exception)) return undefined;
    const status = safeStatus(exception.getStatus());
    const response = exception.getResponse();
    if (typeof response === 'string') return { status, message: response || reasonPhrase(status) };
    if (!isPlainData(response) || Array.isArray(response)) return { status, message: reasonPhrase(status) };
    const body = response as Dict;
    const mapped: MappedError = { status, message: messageOf(body.message, status) };
    if (typeof body.code === 'string') mapped.code = body.code;
    const extensions = Object.fromEntries(Object.entries(body).filter(([key]) => !STANDARD_KEYS.has(key)));
    if (Object.keys(extensions).length > 0) mapped.extensions = extensions;
    return mapped;
  },
};

function messageOf(message: unknown, status: number): string {
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message) && message.length > 0 && message.every((m) => typeof m === 'string')) {
    return message.join('; ');
  }
  return reasonPhrase(status);
}

/**
 * Errors from other libraries that carry an HTTP status (http-errors as thrown by Express middleware, Fastify's own
 * errors). Their message is written for developers and may quote the request, so it is never echoed: a 4xx keeps its
 * status with the standard status text; a 5xx, or any other object with a `statusCode`, is an unexpected error (500).
 */
export const foreignHttpErrorMapper: ExceptionMapper = {
  name: 'foreign-http-error',
  map(exception) {
    // NestJS 12 wraps them as `new HttpException(error.message, error.statusCode, { cause: error })`.
    const wrapped =
      isHttpException(exception) &&
      exception.cause instanceof Error &&
      isForeignHttpError(exception.cause) &&
      exception.message === exception.cause.message;
    const error = (wrapped ? (exception as HttpExceptionLike).cause : exception) as Dict;
    if (!(error instanceof Error) || !isForeignHttpError(error)) return undefined;
    const status = error.statusCode as number;
    if (status < 400 || status > 499) return undefined;
    return { status, message: reasonPhrase(status) };
  },
};

function isForeignHttpError(error: object): boolean {
  const e = error as Dict;
  if (typeof e.statusCode !== 'number' || isHttpException(error)) return false;
  const httpErrorsShape = typeof e.expose === 'boolean' && e.statusCode === e.status;
  const fastifyShape = e.name === 'FastifyError' && typeof e.code === 'string';
  return httpErrorsShape || fastifyShape;
}
