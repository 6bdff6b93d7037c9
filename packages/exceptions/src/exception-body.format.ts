import { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE } from './exceptions.constants.js';
import type { ResolvedExceptionsOptions } from './exceptions.options.js';
import type { FieldError, MappedError } from './mappers/mapper.types.js';
import { isObject, reasonPhrase } from './mappers/mapper.utils.js';

/** Where the error happened, as written into the body. */
export interface ErrorRequestInfo {
  requestId: string;
  path: string;
  /** HTTP method, for the `body` option and its failure log. @default '' */
  method?: string;
}

/** A rendered answer: status, content type and body. */
export interface RenderedError {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

const STANDARD_BODY_KEYS = new Set([
  'statusCode',
  'error',
  'message',
  'code',
  'details',
  'requestId',
  'timestamp',
  'path',
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'errors',
]);

/** The body of the configured format (default JSON or problem+json) for `mapped`, with its status and content type. */
export function renderFormat(
  mapped: MappedError,
  info: ErrorRequestInfo,
  timestamp: Date,
  options: Pick<ResolvedExceptionsOptions, 'format' | 'problemTypeBaseUrl'>,
): RenderedError {
  const status = mapped.status;
  const extensions = publicExtensions(mapped);
  if (options.format === 'problem+json') {
    const base = options.problemTypeBaseUrl;
    const type =
      mapped.type ??
      (base && mapped.code ? new URL(mapped.code.toLowerCase().replace(/_/g, '-'), base).href : 'about:blank');
    return {
      status,
      contentType: PROBLEM_CONTENT_TYPE,
      body: {
        type,
        title: reasonPhrase(status),
        status,
        detail: mapped.message,
        instance: info.path,
        ...(mapped.code ? { code: mapped.code } : {}),
        ...(mapped.details ? { errors: mapped.details.map(problemError) } : {}),
        ...extensions,
        requestId: info.requestId,
        timestamp: timestamp.toISOString(),
      },
    };
  }
  return {
    status,
    contentType: JSON_CONTENT_TYPE,
    body: {
      statusCode: status,
      error: reasonPhrase(status),
      message: mapped.message,
      ...(mapped.code ? { code: mapped.code } : {}),
      ...(mapped.details ? { details: mapped.details.map(defaultDetail) } : {}),
      ...extensions,
      requestId: info.requestId,
      timestamp: timestamp.toISOString(),
      path: info.path,
    },
  };
}

/** A field error of the default body: `{ field, messages }` as before pointers existed. */
function defaultDetail(detail: FieldError): FieldError {
  if (!isObject(detail) || !('pointer' in detail)) return detail;
  const { pointer: _pointer, ...rest } = detail;
  return rest;
}

/**
 * An `errors[]` item of problem+json: RFC 9457's `pointer` (RFC 6901, `#/items/0/quantity`; only when the mapper
 * set one) and `detail` (the messages joined with `; `), plus `field` and `messages`.
 */
function problemError(detail: FieldError): Record<string, unknown> {
  if (!isObject(detail)) return detail as unknown as Record<string, unknown>;
  const pointer = typeof detail.pointer === 'string' && detail.pointer ? detail.pointer : undefined;
  const messages: unknown[] = Array.isArray(detail.messages) ? detail.messages : [];
  const { pointer: _pointer, ...rest } = detail;
  return {
    ...(pointer ? { pointer } : {}),
    detail: messages.filter((m) => typeof m === 'string').join('; '),
    ...rest,
  };
}

/** The extension members that may be sent: never one that would override a standard member. */
export function publicExtensions(mapped: MappedError): Record<string, unknown> {
  return Object.fromEntries(Object.entries(mapped.extensions ?? {}).filter(([key]) => !STANDARD_BODY_KEYS.has(key)));
}
