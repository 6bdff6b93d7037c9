import { Inject, Injectable, Logger } from '@nestjs/common';
import { INTERNAL_ERROR_CODE, INTERNAL_ERROR_MESSAGE, RESOLVED_EXCEPTIONS_OPTIONS } from './exceptions.constants.js';
import { bodyFailed, invalidBodyResult, invalidMapperResult, mapperFailed } from './exceptions.errors.js';
import type { ExceptionBodyBuilder, ExceptionBodyInput, ResolvedExceptionsOptions } from './exceptions.options.js';
import { ASYNC_BODY, checkBody, checkResult } from './exception-body.checks.js';
import { publicExtensions, renderFormat, type ErrorRequestInfo, type RenderedError } from './exception-body.format.js';
import type { FieldError, MappedError, MapperContext } from './mappers/mapper.types.js';
import { reasonPhrase } from './mappers/mapper.utils.js';

export type { ErrorRequestInfo, RenderedError } from './exception-body.format.js';

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
    const rendered = renderFormat(mapped, info, timestamp, this.options);
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
