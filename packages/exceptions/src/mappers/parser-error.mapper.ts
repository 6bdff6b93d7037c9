import type { ExceptionMapper, MappedError } from './mapper.types.js';
import { isHttpException, isObject, type Dict } from './mapper.utils.js';

/** Fixed answers for request parsing failures: the same on Express and Fastify, never quoting the input. */
export const PARSER_ANSWERS = {
  malformedJson: { status: 400, code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' },
  malformedBody: { status: 400, code: 'MALFORMED_BODY', message: 'Request body could not be parsed' },
  requestAborted: { status: 400, code: 'REQUEST_ABORTED', message: 'Request body was cut off by the client' },
  malformedUrl: { status: 400, code: 'MALFORMED_URL', message: 'Request URL is malformed' },
  tooLarge: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  uriTooLong: { status: 414, code: 'URI_TOO_LONG', message: 'Request URL is too long' },
  unsupportedMediaType: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported media type' },
} as const satisfies Record<string, MappedError>;

type Answer = keyof typeof PARSER_ANSWERS;

// body-parser (Express) marks its errors with `type`.
const BODY_PARSER_TYPES: Record<string, Answer> = {
  'entity.too.large': 'tooLarge',
  'parameters.too.many': 'tooLarge',
  'encoding.unsupported': 'unsupportedMediaType',
  'charset.unsupported': 'unsupportedMediaType',
  'request.aborted': 'requestAborted',
  'request.size.invalid': 'malformedBody',
  'querystring.parse.rangeError': 'malformedBody',
};

// Fastify marks its errors with `code`.
const FASTIFY_CODES: Record<string, Answer> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformedJson',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformedJson',
  FST_ERR_CTP_BODY_TOO_LARGE: 'tooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformedBody',
  FST_ERR_BAD_URL: 'malformedUrl',
  FST_ERR_MAX_PARAM_LENGTH: 'uriTooLong',
};

// Messages of parser errors re-thrown by NestJS 11 without their cause (`new BadRequestException(err.message)`).
const JSON_MESSAGE =
  /\bJSON\b|^Unexpected (token|end|string|number|non-whitespace)|^Bad (control|escaped) character|^Unterminated string|^Expected (property name|',' or|':' after|double-quoted)|forbidden (prototype|constructor) property/;
const URL_MESSAGE = /^URI malformed$|is not a valid url component|^Failed to decode param/;

/**
 * Node's `aborted` error of a request whose client closed the connection mid-body, as Fastify's body reader hands it
 * on: it sets `statusCode: 400` (an outgoing request's response cut off by an upstream has the same name and code but
 * no status, and stays a 500).
 */
function isClientAbort(e: Dict): boolean {
  return e.code === 'ECONNRESET' && e.message === 'aborted' && (e.statusCode === 400 || e.status === 400);
}

function classify(error: unknown): Answer | undefined {
  if (!isObject(error)) return undefined;
  const e = error as Dict;
  if (typeof e.type === 'string' && typeof e.status === 'number') {
    if (e.type === 'entity.parse.failed') return error instanceof SyntaxError ? 'malformedJson' : 'malformedBody';
    const answer = BODY_PARSER_TYPES[e.type];
    if (answer) return answer;
  }
  if (typeof e.code === 'string' && FASTIFY_CODES[e.code]) return FASTIFY_CODES[e.code];
  if (isClientAbort(e)) return 'requestAborted';
  const status = e.status ?? e.statusCode;
  if (error instanceof URIError && (status === 400 || status === undefined)) return 'malformedUrl';
  if (error instanceof SyntaxError && status === 400) return 'malformedJson';
  if (status === 400 && typeof e.message === 'string' && URL_MESSAGE.test(e.message)) return 'malformedUrl';
  return undefined;
}

/** NestJS 11 re-throws parser errors as a bare HttpException/BadRequestException with the parser's message. */
function classifyUnwrapped(exception: unknown): Answer | undefined {
  if (!isHttpException(exception) || exception.cause !== undefined) return undefined;
  const name = exception.constructor?.name;
  if (name !== 'HttpException' && name !== 'BadRequestException') return undefined;
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : isObject(response) ? response.message : undefined;
  if (typeof message !== 'string') return undefined;
  const status = exception.getStatus();
  if (status === 400 && JSON_MESSAGE.test(message)) return 'malformedJson';
  if (status === 400 && URL_MESSAGE.test(message)) return 'malformedUrl';
  if (name === 'HttpException' && status === 413) return 'tooLarge';
  if (name === 'HttpException' && status === 415) return 'unsupportedMediaType';
  return undefined;
}

/**
 * Express matches routes on the raw path and decodes only the parameters of a matched route, so a malformed path
 * that matches nothing is a 404 there, while Fastify's router refuses it (400). A 404 for an undecodable path is
 * answered as the malformed URL it is, on both.
 */
function unroutableMalformedUrl(exception: unknown, path: string | undefined): Answer | undefined {
  if (!path || !isHttpException(exception) || exception.getStatus() !== 404) return undefined;
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    return 'malformedUrl';
  }
}

/**
 * Request parsing failures, normalised across adapters: malformed JSON → 400, body too large → 413, unsupported media
 * type or charset → 415, malformed URL → 400, a body cut off by the client (`request.aborted` on Express, Node's
 * `aborted` on Fastify) → 400 `REQUEST_ABORTED`. Recognises body-parser's `type`, Fastify's `FST_ERR_*` codes and the
 * HttpException Nest wraps them in (`cause`). The message is fixed: parser messages quote the input.
 */
export const parserErrorMapper: ExceptionMapper = {
  name: 'parser-error',
  map(exception, context) {
    const answer =
      classify(exception) ??
      unroutableMalformedUrl(exception, context.request?.path) ??
      (isHttpException(exception) ? classify(exception.cause) : undefined) ??
      classifyUnwrapped(exception);
    return answer ? { ...PARSER_ANSWERS[answer] } : undefined;
  },
};
