import { Logger } from '@nestjs/common';
import { generateRequestId, isValidRequestId, REQUEST_ID_HEADER } from '@ballast/context';
import type { ExceptionsModuleOptions } from './exceptions.options.js';
import { resolveExceptionsOptions } from './exceptions.options.resolve.js';
import { ExceptionBodyFactory } from './exception-body.factory.js';
import { MAX_PATH_LENGTH } from './exceptions.constants.js';

interface FrameworkRequest {
  headers?: Record<string, unknown>;
  method?: string;
  url?: string;
  raw?: { url?: string; method?: string };
}

interface FrameworkReply {
  code(status: number): FrameworkReply;
  header(name: string, value: string): FrameworkReply;
  send(payload: string): unknown;
}

/**
 * Fastify's `frameworkErrors` signature. Parameters are loose on purpose: fastify is not a dependency of this
 * package, and its generic request/reply types are only used structurally.
 */
export type FastifyFrameworkErrorsHandler = (error: any, request: any, reply: any) => void;

/**
 * Fastify answers a few errors in its router, before any Nest code (and so before any exception filter) runs:
 * malformed percent-encoding in the URL (`FST_ERR_BAD_URL`, whose default message quotes the path), an over-long
 * route parameter (`FST_ERR_MAX_PARAM_LENGTH`). Pass this as the adapter's `frameworkErrors` to answer them with the
 * same body as every other error (same options as `forRoot`; only the body options are used):
 *
 * @example
 * const exceptions = { format: 'problem+json' } as const;
 * NestFactory.create(AppModule, new FastifyAdapter({ frameworkErrors: fastifyFrameworkErrors(exceptions) }));
 * // and BallastExceptionsModule.forRoot(exceptions) in AppModule
 */
export function fastifyFrameworkErrors(options: ExceptionsModuleOptions = {}): FastifyFrameworkErrorsHandler {
  const resolved = resolveExceptionsOptions(options);
  const bodies = new ExceptionBodyFactory(resolved);
  const logger = new Logger(resolved.loggerContext);
  return (error: Error, request: FrameworkRequest, reply: FrameworkReply) => {
    const incoming = request?.headers?.[REQUEST_ID_HEADER];
    const requestId = isValidRequestId(incoming) ? incoming : generateRequestId();
    const rawUrl = String(request?.raw?.url ?? request?.url ?? '');
    const path = rawUrl.split('?')[0]!.slice(0, MAX_PATH_LENGTH);
    const method = String(request?.raw?.method ?? request?.method ?? '');
    const mapped = bodies.map(error, { method, path });
    const level = mapped.status >= 500 ? resolved.logging.serverErrors : resolved.logging.clientErrors;
    if (level !== 'off') {
      logger[level]({
        msg: `Request rejected by the router: ${mapped.status}`,
        requestId,
        method,
        path,
        statusCode: mapped.status,
        code: mapped.code,
        err: { name: error?.name, code: (error as { code?: string })?.code },
      });
    }
    const rendered = bodies.render(mapped, { requestId, path, method });
    reply
      .code(rendered.status)
      .header('content-type', rendered.contentType)
      .header(REQUEST_ID_HEADER, requestId)
      .send(JSON.stringify(rendered.body));
  };
}
