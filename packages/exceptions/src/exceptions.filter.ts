import { Catch, Inject, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { generateRequestId, isValidRequestId, RequestContext, REQUEST_ID_HEADER } from '@ballast/context';
import { throwError, type Observable } from 'rxjs';
import { INTERNAL_ERROR_MESSAGE, MAX_PATH_LENGTH, RESOLVED_EXCEPTIONS_OPTIONS } from './exceptions.constants.js';
import type { ExceptionLogLevel, ResolvedExceptionsOptions } from './exceptions.options.js';
import { ExceptionBodyFactory } from './exception-body.factory.js';
import type { MappedError } from './mappers/mapper.types.js';
import { redactDatabaseText } from './mappers/database-redaction.js';
import { causeChain, isObject, type Dict } from './mappers/mapper.utils.js';
import { withoutQueryStrings } from './mappers/route-not-found.mapper.js';

/** What Nest's BaseRpcExceptionFilter / BaseWsExceptionFilter send for errors that are not theirs. */
const NON_HTTP_ERROR = { status: 'error', message: INTERNAL_ERROR_MESSAGE };

// Fields of database driver errors worth logging (never `parameters`: they hold user data such as passwords; the
// values quoted in `detail`, `sqlMessage` and messages are taken out by redactDatabaseText).
const DRIVER_FIELDS = [
  'code',
  'errno',
  'detail',
  'hint',
  'constraint',
  'table',
  'column',
  'schema',
  'routine',
  'sqlMessage',
  'query',
  'meta',
  'clientVersion',
  'type',
  'status',
  'statusCode',
];

/**
 * The global exception filter (registered with `APP_FILTER` by `BallastExceptionsModule`). HTTP: one body shape
 * for every error, written through Nest's HTTP adapter (Express and Fastify alike). RPC: hands the error back to the
 * transport as Nest's `BaseRpcExceptionFilter` does. WebSocket: emits `exception` like `BaseWsExceptionFilter`.
 */
@Catch()
@Injectable()
export class BallastExceptionFilter implements ExceptionFilter {
  private readonly logger: Logger;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly bodies: ExceptionBodyFactory,
    @Inject(RESOLVED_EXCEPTIONS_OPTIONS) private readonly options: ResolvedExceptionsOptions,
  ) {
    this.logger = new Logger(options.loggerContext);
  }

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const type = host.getType<string>();
    if (type === 'http') return this.catchHttp(exception, host);
    if (type === 'rpc') return this.catchRpc(exception);
    if (type === 'ws') return this.catchWs(exception, host);
    // GraphQL and other contexts have their own error handling: log, then hand the error back unchanged.
    this.log(this.bodies.map(exception), exception, { requestId: RequestContext.requestId(), context: type });
    throw exception;
  }

  private catchHttp(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Dict>();
    const response = http.getResponse<unknown>();
    const adapter = this.adapterHost?.httpAdapter;
    const method = safeCall(() => String(adapter?.getRequestMethod(request) ?? request?.method ?? ''), '');
    const url = safeCall(() => String(adapter?.getRequestUrl(request) ?? request?.url ?? ''), '');
    const path = pathOf(url);
    const fromContext = RequestContext.requestId();
    const incoming = isObject(request?.headers) ? request.headers[REQUEST_ID_HEADER] : undefined;
    const requestId = fromContext ?? (isValidRequestId(incoming) ? incoming : generateRequestId());

    let mapped: MappedError;
    try {
      mapped = this.bodies.map(exception, { method, path, body: request?.body });
    } catch {
      mapped = this.bodies.internal(undefined);
    }
    this.log(mapped, exception, { requestId, method, path });
    if (!adapter || !response) return;
    try {
      if (adapter.isHeadersSent(response)) {
        // Part of the answer is on the wire: another body would corrupt it. End it; the log has the error.
        adapter.end(response);
        return;
      }
      const rendered = this.bodies.render(mapped, { requestId, path, method });
      adapter.setHeader(response, 'content-type', rendered.contentType);
      // Outside a @ballast/context request (e.g. the parser failed before its hook ran) the header is ours to set.
      if (!fromContext) adapter.setHeader(response, REQUEST_ID_HEADER, requestId);
      if (mapped.retryAfter !== undefined) adapter.setHeader(response, 'retry-after', String(mapped.retryAfter));
      adapter.reply(response, JSON.stringify(rendered.body), rendered.status);
    } catch (error) {
      this.logger.error({
        msg: 'Could not write the error response',
        requestId,
        method,
        path,
        err: describeError(error),
      });
      safeCall(() => adapter.end(response), undefined);
    }
  }

  private catchRpc(exception: unknown): Observable<never> {
    this.log(this.bodies.map(exception), exception, { requestId: RequestContext.requestId(), context: 'rpc' });
    return throwError(() => transportError(exception));
  }

  private catchWs(exception: unknown, host: ArgumentsHost): void {
    this.log(this.bodies.map(exception), exception, { requestId: RequestContext.requestId(), context: 'ws' });
    const client = safeCall(() => host.switchToWs().getClient<{ emit?: (...args: unknown[]) => unknown }>(), undefined);
    if (typeof client?.emit === 'function')
      safeCall(() => client.emit!('exception', transportError(exception)), undefined);
  }

  private log(mapped: MappedError, exception: unknown, where: Record<string, unknown>): void {
    const server = mapped.status >= 500;
    const level: ExceptionLogLevel = server ? this.options.logging.serverErrors : this.options.logging.clientErrors;
    if (level === 'off') return;
    const stack = server ? stackChain(exception) : undefined;
    const entry = {
      msg: `${server ? 'Request failed' : 'Request rejected'}: ${mapped.status}${mapped.code ? ` ${mapped.code}` : ''}`,
      ...where,
      statusCode: mapped.status,
      ...(mapped.code ? { code: mapped.code } : {}),
      // Stacks travel once: the whole chain as Nest's `error(message, stack)` argument (or a `stack` field at
      // another level); 4xx lines carry none (the client erred, the stack says nothing).
      err: describeError(exception, 0, false),
      ...(stack && level !== 'error' ? { stack } : {}),
    };
    try {
      if (level === 'error') this.logger.error(entry, stack);
      else this.logger[level](entry);
    } catch {
      // A broken logger must not turn an error answer into a crash.
    }
  }
}

/** The shape Nest's RPC/WS base filters send: an RpcException/WsException's own error, else a generic one. */
function transportError(exception: unknown): unknown {
  if (exception instanceof Error && typeof (exception as unknown as Dict).getError === 'function') {
    const error = (exception as unknown as { getError(): unknown }).getError();
    return isObject(error) ? error : { status: 'error', message: error };
  }
  return NON_HTTP_ERROR;
}

function pathOf(url: string): string {
  const path = url.split('?')[0]!.split('#')[0]!;
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path;
}

function safeCall<T, F>(fn: () => T, fallback: F): T | F {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** The error for the log: name, message, driver fields and the cause chain (no request parameters). @internal */
export function describeError(error: unknown, depth = 0, withStack = true): unknown {
  if (!isObject(error)) return error;
  const database = redactDatabaseText(error);
  const message = typeof error.message === 'string' ? withoutQueryStrings(error.message) : undefined;
  const described: Dict = {
    name: typeof error.name === 'string' ? error.name : (error.constructor?.name ?? 'Object'),
    message: message !== undefined && database ? database.message(message) : message,
  };
  for (const source of [error, isObject(error.driverError) ? error.driverError : undefined]) {
    if (!source) continue;
    for (const field of DRIVER_FIELDS) {
      const value = source[field];
      if (value !== undefined && described[field] === undefined && typeof value !== 'function')
        described[field] = database ? database.field(field, value) : value;
    }
  }
  if (typeof error.getResponse === 'function')
    described.response = scrubQueries(safeCall(() => (error.getResponse as () => unknown)(), undefined));
  if (withStack && typeof error.stack === 'string') described.stack = withoutQueryStrings(redactStack(error) ?? '');
  if (error.cause !== undefined && depth < 5) described.cause = describeError(error.cause, depth + 1, withStack);
  return described;
}

// Query strings carry tokens and personal data; messages written by routers and libraries often quote the URL.
function scrubQueries(response: unknown): unknown {
  if (typeof response === 'string') return withoutQueryStrings(response);
  if (isObject(response) && typeof response.message === 'string') {
    return { ...response, message: withoutQueryStrings(response.message) };
  }
  return response;
}

/** The stack of the error and of every cause, for 5xx log lines. @internal */
export function stackChain(error: unknown): string | undefined {
  const parts = causeChain(error).map((e, i) => {
    const text = withoutQueryStrings(e instanceof Error ? (redactStack(e) ?? `${e.name}: ${e.message}`) : String(e));
    return i === 0 ? text : `Caused by: ${text}`;
  });
  return parts.length > 0 ? parts.join('\n') : undefined;
}

// A stack starts with the message: a database error's message loses its quoted values there too.
function redactStack(error: Dict | Error): string | undefined {
  const { stack, message } = error as { stack?: unknown; message?: unknown };
  if (typeof stack !== 'string') return undefined;
  const database = isObject(error) ? redactDatabaseText(error as Dict) : undefined;
  if (!database || typeof message !== 'string' || message === '') return stack;
  return stack.replace(message, () => database.message(message));
}
