import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { REQUEST_ID_HEADER, RequestContext } from '@ballast/context';
import type { Tally } from '@ballast/kernel';
import { type LoggerInstruments, loggerTelemetry } from '../logger.telemetry.js';
import { abortedStatus, type RequestLineWriter } from './request-line.js';
import { activeTally, recordRequest } from './request-metrics.js';

const START = Symbol('ballast.logger.start');
const RESPONSE = Symbol('ballast.logger.response');
const METRICS = Symbol('ballast.logger.metrics');
const ACTIVE = Symbol('ballast.logger.active');

type StampedRequest = IncomingMessage & {
  [START]?: number;
  [RESPONSE]?: ServerResponse;
  /** Set while a meter provider records the request: cleared by the first of onResponse/onRequestAbort. */
  [METRICS]?: LoggerInstruments;
};
type CountedResponse = ServerResponse & { [ACTIVE]?: Tally };

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
 * raw server notes when each request started and its raw response. Returns the uninstaller of that listener.
 *
 * Metrics (when a meter provider is registered): the duration is recorded by whichever of the two hooks runs first
 * (with the route template), for every request, those `ignorePaths` keeps out of the log included; the active count
 * is taken on the raw server ('request', then the response's 'close'), which sees every request. @internal
 */
export function installFastifyHooks(
  fastify: FastifyLike,
  writer: RequestLineWriter,
  server: Server | undefined,
): () => void {
  fastify.addHook('onResponse', (req, reply, done) => {
    const raw = req.raw as StampedRequest | undefined;
    const instruments = raw?.[METRICS];
    if (instruments !== undefined) {
      raw![METRICS] = undefined;
      const route = req.routeOptions?.url;
      recordRequest(instruments, req.method, route, reply.statusCode, false, reply.elapsedTime);
    }
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
    const raw = req.raw as StampedRequest | undefined;
    const instruments = raw?.[METRICS];
    if (instruments !== undefined) {
      raw![METRICS] = undefined;
      const durationMs = performance.now() - raw![START]!;
      recordRequest(instruments, req.method, req.routeOptions?.url, abortedStatus(raw![RESPONSE]), true, durationMs);
    }
    const level = writer.levelFor(undefined, true);
    if (level !== undefined && !writer.ignores(req.url)) {
      const context = RequestContext.of(req);
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
    // Read once per request; while no provider is registered nothing is allocated for metrics.
    const instruments = loggerTelemetry.instruments;
    if (instruments.recording) {
      const active = activeTally(req.method);
      active.value++;
      (req as StampedRequest)[METRICS] = instruments;
      (res as CountedResponse)[ACTIVE] = active;
      res.on('close', onClose);
    }
  }
  function onClose(this: CountedResponse): void {
    this[ACTIVE]!.value--;
  }
  // First listener: the clock starts before Fastify's handler runs.
  server.prependListener('request', onRequest);
  return () => server.removeListener('request', onRequest);
}
