import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  INTERNAL_ERROR_CODE,
  INTERNAL_ERROR_MESSAGE,
  JSON_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  RESOLVED_EXCEPTIONS_OPTIONS,
} from './exceptions.constants.js';
import { invalidMapperResult, mapperFailed } from './exceptions.errors.js';
import type { ResolvedExceptionsOptions } from './exceptions.options.js';
import type { MappedError, MapperContext } from './mappers/mapper.types.js';
import { isObject, reasonPhrase } from './mappers/mapper.utils.js';

/** Where the error happened, as written into the body. */
export interface ErrorRequestInfo {
  requestId: string;
  path: string;
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
    const context: MapperContext = { exposeInternalErrors: this.options.exposeInternalErrors, request };
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

  /** The body of `mapped` in the configured format. */
  render(mapped: MappedError, info: ErrorRequestInfo, timestamp = new Date()): RenderedError {
    const status = mapped.status;
    const extensions = Object.fromEntries(
      Object.entries(mapped.extensions ?? {}).filter(([key]) => !STANDARD_BODY_KEYS.has(key)),
    );
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
          ...(mapped.details ? { errors: mapped.details } : {}),
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
        ...(mapped.details ? { details: mapped.details } : {}),
        ...extensions,
        requestId: info.requestId,
        timestamp: timestamp.toISOString(),
        path: info.path,
      },
    };
  }
}

function checkResult(result: unknown): string | undefined {
  if (!isObject(result)) return 'not an object';
  const { status, message } = result;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    return 'status must be an integer from 400 to 599';
  }
  if (typeof message !== 'string') return 'message must be a string';
  return undefined;
}
