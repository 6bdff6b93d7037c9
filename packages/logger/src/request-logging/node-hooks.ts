import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { REQUEST_ID_HEADER, RequestContext } from '@ballast/context';
import { abortedStatus, type RequestLineWriter } from './request-line.js';

const START = Symbol('ballast.logger.start');

type TrackedResponse = ServerResponse & { [START]?: number; req: IncomingMessage & ExpressRequestParts };
interface ExpressRequestParts {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Express (and any adapter on a plain Node server): one 'request' listener on the server, and one shared 'close'
 * listener per response — no closure, no middleware in the framework's chain. 'close' fires for completed and for
 * aborted responses; `writableFinished` tells them apart. Returns the uninstaller. @internal
 */
export function installNodeHooks(server: Server, writer: RequestLineWriter): () => void {
  function onClose(this: TrackedResponse): void {
    const aborted = !this.writableFinished;
    const level = writer.levelFor(this.statusCode, aborted);
    if (level === undefined) return;
    const req = this.req;
    const route = req.route?.path;
    writer.write(level, {
      method: req.method,
      url: req.originalUrl ?? req.url ?? '',
      route: typeof route === 'string' ? (req.baseUrl ?? '') + route : undefined,
      statusCode: aborted ? abortedStatus(this) : this.statusCode,
      durationMs: performance.now() - this[START]!,
      contentLength: this.getHeader('content-length'),
      requestIdHeader: this.getHeader(REQUEST_ID_HEADER),
      aborted,
      context: RequestContext.of(req),
    });
  }
  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (writer.ignores(req.url ?? '')) return;
    (res as TrackedResponse)[START] = performance.now();
    res.on('close', onClose);
  }
  // First listener: the clock starts before the framework's handler runs.
  server.prependListener('request', onRequest);
  return () => server.removeListener('request', onRequest);
}
