import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  INTERNAL_ERROR_CODE,
  INTERNAL_ERROR_MESSAGE,
  JSON_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  RESOLVED_EXCEPTIONS_OPTIONS,
} from './exceptions.constants.js';
import { bodyFailed, invalidBodyResult, invalidMapperResult, mapperFailed } from './exceptions.errors.js';
import type { ExceptionBodyBuilder, ExceptionBodyInput, ResolvedExceptionsOptions } from './exceptions.options.js';
import type { FieldError, MappedError, MapperContext } from './mappers/mapper.types.js';
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

/**
 * Turns any thrown value into the client answer: runs the mappers (yours, then the built-in ones), falls back to a
 * generic 500, and renders the body in the configured format. Injectable, so custom filters can reuse it.
 */
@Injectable()
export class ExceptionBodyFactory {
  private readonly logger: Logger;

  constructor(@Inject(RESOLVED_EXCEPTIONS_OPTIONS) readonly options: ResolvedExceptionsOptions) {
    this.logger = new Logger(options.loggerContext);
  }

  /** The mapped answer for `exception`: the first mapper's result, or a generic 500. */
  map(exception: unknown, request?: MapperContext['request']): MappedError {
    const context: MapperContext = {
      exposeInternalErrors: this.options.exposeInternalErrors,
      retryAfterSeconds: this.options.retryAfterSeconds,
      request,
    };
    for (const mapper of this.options.mappers) {
      let result: MappedError | undefined;
      try {
        result = mapper.map(exception, context);
      } catch (error) {
        const failure = mapperFailed(mapper.name, error);
        this.logger.error(`${failure.code}: ${failure.message}`, error instanceof Error ? error.stack : undefined);
        continue;
      }
      if (result === undefined || result === null) continue;
      const problem = checkResult(result);
      if (problem) {
        const invalid = invalidMapperResult(mapper.name, problem);
        this.logger.error(`${invalid.code}: ${invalid.message}`);
        break;
      }
      return result;
    }
    return this.internal(exception);
  }

  /** The generic 500, with the real message only when `exposeInternalErrors` is on. */
  internal(exception: unknown): MappedError {
    const real = this.options.exposeInternalErrors && exception instanceof Error ? exception.message : undefined;
    return { status: 500, code: INTERNAL_ERROR_CODE, message: real || INTERNAL_ERROR_MESSAGE, internal: true };
  }

  /**
   * The answer for `mapped`: the body of the `body` option when there is one and it returns a valid body, else the
   * body of the configured format. Status and content type are always those of the format.
   */
  render(mapped: MappedError, info: ErrorRequestInfo, timestamp = new Date()): RenderedError {
    const rendered = this.renderFormat(mapped, info, timestamp);
    const build = this.options.body;
    if (!build) return rendered;
    const custom = this.customBody(build, mapped, info, timestamp, rendered.body);
    return custom ? { ...rendered, body: custom } : rendered;
  }

  // Calls the user's body builder; any failure is logged once and answered with the format's body (the caller's
  // fallback), so a bug in the envelope never turns an error answer into a broken one or leaks the bug's message.
  private customBody(
    build: ExceptionBodyBuilder,
    mapped: MappedError,
    info: ErrorRequestInfo,
    timestamp: Date,
    defaultBody: Record<string, unknown>,
  ): Record<string, unknown> | undefined {
    const where = { requestId: info.requestId, method: info.method ?? '', path: info.path };
    let result: unknown;
    try {
      const input: ExceptionBodyInput = {
        status: mapped.status,
        error: reasonPhrase(mapped.status),
        message: mapped.message,
        ...(mapped.code ? { code: mapped.code } : {}),
        ...(mapped.details ? { details: copyDetails(mapped.details) } : {}),
        ...(mapped.extensions ? { extensions: publicExtensions(mapped) } : {}),
        ...where,
        timestamp: timestamp.toISOString(),
        internal: mapped.internal === true,
      };
      // Copies: a builder that edits what it is given and then fails must not change the fallback body.
      result = build(input, { ...defaultBody });
    } catch (error) {
      const failure = bodyFailed(error);
      const stack = safeStack(error);
      this.logSafely({ msg: `${failure.code}: ${failure.message}`, ...where, err: errorSummary(error) }, stack);
      return undefined;
    }
    const problem = checkBody(result);
    if (problem) {
      // An async builder: its promise is dropped, so a later rejection must not become an unhandled one.
      if (problem === ASYNC_BODY) Promise.resolve(result).catch(() => undefined);
      const invalid = invalidBodyResult(problem);
      this.logSafely({ msg: `${invalid.code}: ${invalid.message}`, ...where });
      return undefined;
    }
    return result as Record<string, unknown>;
  }

  private logSafely(entry: Record<string, unknown>, stack?: string): void {
    try {
      if (stack) this.logger.error(entry, stack);
      else this.logger.error(entry);
    } catch {
      // A broken logger must not turn an error answer into a crash.
    }
  }

  private renderFormat(mapped: MappedError, info: ErrorRequestInfo, timestamp: Date): RenderedError {
    const status = mapped.status;
    const extensions = publicExtensions(mapped);
    if (this.options.format === 'problem+json') {
      const base = this.options.problemTypeBaseUrl;
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
function publicExtensions(mapped: MappedError): Record<string, unknown> {
  return Object.fromEntries(Object.entries(mapped.extensions ?? {}).filter(([key]) => !STANDARD_BODY_KEYS.has(key)));
}

function isThenable(value: unknown): boolean {
  return isObject(value) && typeof value.then === 'function';
}

const ASYNC_BODY = 'a promise (the function must be synchronous)';

/** Why `result` cannot be sent as a body, or undefined when it can. */
function checkBody(result: unknown): string | undefined {
  if (result === undefined || result === null) return String(result);
  if (typeof result !== 'object') return `a ${typeof result}`;
  if (Array.isArray(result)) return 'an array';
  try {
    if (isThenable(result)) return ASYNC_BODY;
    if (typeof JSON.stringify(result) !== 'string') return 'an object JSON cannot serialise';
  } catch {
    return 'an object JSON cannot serialise (a BigInt, a circular reference or a throwing getter)';
  }
  return undefined;
}

function copyDetails(details: FieldError[]): FieldError[] {
  return details.map((d) => ({ ...d, messages: Array.isArray(d.messages) ? [...d.messages] : d.messages }));
}

function errorSummary(error: unknown): unknown {
  try {
    return error instanceof Error ? { name: error.name, message: error.message } : { value: String(error) };
  } catch {
    return { value: typeof error };
  }
}

function safeStack(error: unknown): string | undefined {
  try {
    return error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
  } catch {
    return undefined;
  }
}

function checkResult(result: unknown): string | undefined {
  if (!isObject(result)) return 'not an object';
  const { status, message } = result;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    return 'status must be an integer from 400 to 599';
  }
  if (typeof message !== 'string') return 'message must be a string';
  const { retryAfter } = result;
  if (retryAfter !== undefined && (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0)) {
    return 'retryAfter must be a whole number of seconds';
  }
  return undefined;
}
