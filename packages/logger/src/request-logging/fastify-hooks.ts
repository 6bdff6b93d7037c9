import { REQUEST_ID_HEADER, RequestContext } from '@ballast/context';
import type { RequestLineWriter } from './request-line.js';

// Structural types: @ballast/logger does not depend on fastify.
interface FastifyRequestLike {
  method: string;
  url: string;
  routeOptions?: { url?: string };
}
interface FastifyReplyLike {
  statusCode: number;
  elapsedTime: number;
  getHeader(name: string): unknown;
}
type Done = () => void;
interface FastifyLike {
  addHook(name: 'onResponse', hook: (req: FastifyRequestLike, reply: FastifyReplyLike, done: Done) => void): unknown;
  addHook(name: 'onRequestAbort', hook: (req: FastifyRequestLike, done: Done) => void): unknown;
}

/**
 * Fastify: its own `onResponse` and `onRequestAbort` hooks, which give the route template and the elapsed time
 * for free. Registered once for the whole app (two hook functions, no per-request closure). @internal
 */
export function installFastifyHooks(fastify: FastifyLike, writer: RequestLineWriter): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    const level = writer.levelFor(reply.statusCode, false);
    if (level !== undefined && !writer.ignores(req.url)) {
      writer.write(level, {
        method: req.method,
        url: req.url,
        route: req.routeOptions?.url,
        statusCode: reply.statusCode,
        durationMs: reply.elapsedTime,
        contentLength: reply.getHeader('content-length'),
        requestIdHeader: reply.getHeader(REQUEST_ID_HEADER),
        aborted: false,
        context: RequestContext.of(req),
      });
    }
    done();
  });
  fastify.addHook('onRequestAbort', (req, done) => {
    const level = writer.levelFor(undefined, true);
    if (level !== undefined && !writer.ignores(req.url)) {
      const context = RequestContext.of(req);
      const startedAt = context?.startedAt;
      writer.write(level, {
        method: req.method,
        url: req.url,
        route: req.routeOptions?.url,
        statusCode: undefined,
        durationMs: startedAt === undefined ? undefined : Date.now() - startedAt,
        contentLength: undefined,
        requestIdHeader: undefined,
        aborted: true,
        context,
      });
    }
    done();
  });
}
