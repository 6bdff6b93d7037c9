import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { REQUEST_ID_HEADER, RequestContext } from '@ballast/context';
import type { Tally } from '@ballast/kernel';
import { type LoggerInstruments, loggerTelemetry } from '../logger.telemetry.js';
import { abortedStatus, type RequestLineWriter } from './request-line.js';
import { activeTally, recordRequest } from './request-metrics.js';

const START = Symbol('ballast.logger.start');
const LOGGED = Symbol('ballast.logger.logged');
const METRICS = Symbol('ballast.logger.metrics');
const ACTIVE = Symbol('ballast.logger.active');

type TrackedResponse = ServerResponse & {
  [START]?: number;
  /** False when `ignorePaths` excludes the request from the log (its metrics are still recorded). */
  [LOGGED]?: boolean;
  /** The instruments the request was counted on as active, when a meter provider was registered at its start. */
  [METRICS]?: LoggerInstruments;
  [ACTIVE]?: Tally;
  req: IncomingMessage & ExpressRequestParts;
};
interface ExpressRequestParts {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Express (and any adapter on a plain Node server): one 'request' listener on the server, and one shared 'close'
 * listener per response — no closure, no middleware in the framework's chain. 'close' fires for completed and for
 * aborted responses; `writableFinished` tells them apart. Returns the uninstaller.
 *
 * Metrics (`http.server.*`, when a meter provider is registered) cover every request, those `ignorePaths` keeps out
 * of the log included. @internal
 */
export function installNodeHooks(server: Server, writer: RequestLineWriter): () => void {
  function onClose(this: TrackedResponse): void {
    const aborted = !this.writableFinished;
    const instruments = this[METRICS];
    const level = this[LOGGED] ? writer.levelFor(this.statusCode, aborted) : undefined;
    if (level === undefined && instruments === undefined) return;
    const req = this.req;
    const path = req.route?.path;
    const route = typeof path === 'string' ? (req.baseUrl ?? '') + path : undefined;
    const statusCode = aborted ? abortedStatus(this) : this.statusCode;
    const durationMs = performance.now() - this[START]!;
    if (instruments !== undefined) {
      this[ACTIVE]!.value--;
      recordRequest(instruments, req.method, route, statusCode, aborted, durationMs);
    }
    if (level === undefined) return;
    writer.write(level, {
      method: req.method,
      url: req.originalUrl ?? req.url ?? '',
      route,
      statusCode,
      durationMs,
      contentLength: this.getHeader('content-length'),
      requestIdHeader: this.getHeader(REQUEST_ID_HEADER),
      aborted,
      context: RequestContext.of(req),
    });
  }
  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const logged = !writer.ignores(req.url ?? '');
    // Read once per request; while no provider is registered nothing is allocated for metrics.
    const instruments = loggerTelemetry.instruments;
    if (!logged && !instruments.recording) return;
    const tracked = res as TrackedResponse;
    tracked[START] = performance.now();
    tracked[LOGGED] = logged;
    if (instruments.recording) {
      const active = activeTally(req.method);
      active.value++;
      tracked[METRICS] = instruments;
      tracked[ACTIVE] = active;
    }
    res.on('close', onClose);
  }
  // First listener: the clock starts before the framework's handler runs.
  server.prependListener('request', onRequest);
  return () => server.removeListener('request', onRequest);
}
