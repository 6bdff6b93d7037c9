import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { REQUEST_ID_HEADER, RequestContext } from '@ballast/context';
import { abortedStatus, type RequestLineWriter } from './request-line.js';

const START = Symbol('ballast.logger.start');
const RESPONSE = Symbol('ballast.logger.response');

type StampedRequest = IncomingMessage & { [START]?: number; [RESPONSE]?: ServerResponse };

// Structural types: @ballast/logger does not depend on fastify.
interface FastifyRequestLike {
  method: string;
  url: string;
  routeOptions?: { url?: string };
  raw?: IncomingMessage;
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
 * for free. Registered once for the whole app (two hook functions, no per-request closure).
 *
 * `onRequestAbort` is given the request only (no reply, no elapsed time): for the line of an aborted request (the
 * client went away, or the server cut the connection at a shutdown's drain deadline), one `'request'` listener on the
 * raw server notes when each request started and its raw response. Returns the uninstaller of that listener. @internal
 */
export function installFastifyHooks(
  fastify: FastifyLike,
  writer: RequestLineWriter,
  server: Server | undefined,
): () => void {
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
      const raw = req.raw as StampedRequest | undefined;
      const started = raw?.[START];
      const startedAt = context?.startedAt;
      const res = raw?.[RESPONSE];
      writer.write(level, {
        method: req.method,
        url: req.url,
        route: req.routeOptions?.url,
        statusCode: abortedStatus(res),
        durationMs:
          started !== undefined
            ? performance.now() - started
            : startedAt === undefined
              ? undefined
              : Date.now() - startedAt,
        contentLength: res?.getHeader('content-length'),
        requestIdHeader: res?.getHeader(REQUEST_ID_HEADER),
        aborted: true,
        context,
      });
    }
    done();
  });
  if (server === undefined || typeof server.prependListener !== 'function') return () => undefined;
  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    (req as StampedRequest)[START] = performance.now();
    (req as StampedRequest)[RESPONSE] = res;
  }
  // First listener: the clock starts before Fastify's handler runs.
  server.prependListener('request', onRequest);
  return () => server.removeListener('request', onRequest);
}
