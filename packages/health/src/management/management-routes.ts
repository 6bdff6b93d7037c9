import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsRequestHandler } from '../health.options.js';
import { answerProbe } from '../health.reply.js';
import type { HealthProbe, HealthProbeService } from '../health.service.js';

const PROBES: readonly HealthProbe[] = ['live', 'ready', 'startup'];

/** The paths the management server answers, for the log line at startup. @internal */
export function managementPaths(path: string, metrics: boolean): string[] {
  return [...PROBES.map((probe) => `/${path}/${probe}`), ...(metrics ? ['/metrics'] : [])];
}

/**
 * The management server's request handler: `GET|HEAD /<path>/live|ready|startup` with the same status and body as on
 * the app's port (the same `HealthProbeService`), `/metrics` through the given handler, 404 for anything else. Plain
 * `node:http`: nothing of the app (guards, interceptors, middleware, prefix, versioning) runs here. @internal
 */
export function managementHandler(
  probes: HealthProbeService,
  path: string,
  metrics: MetricsRequestHandler | undefined,
): (request: IncomingMessage, response: ServerResponse) => void {
  const routes = new Map(PROBES.map((probe) => [`/${path}/${probe}`, probe]));
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendJson(response, 405, { statusCode: 405, message: 'Method Not Allowed' });
    }
    const pathname = (request.url ?? '/').split('?', 1)[0];
    if (pathname === '/metrics' && metrics) return serveMetrics(metrics, request, response);
    const probe = routes.get(pathname!);
    if (!probe) return sendJson(response, 404, { statusCode: 404, message: 'Not Found' });
    answerProbe(probes, probe).then(
      ({ status, body }) => {
        response.setHeader('Cache-Control', 'no-store');
        sendJson(response, status, body);
      },
      // The probe service never throws; this only guards the socket against a bug.
      () => sendJson(response, 500, { statusCode: 500, message: 'Internal Server Error' }),
    );
  };
}

function serveMetrics(metrics: MetricsRequestHandler, request: IncomingMessage, response: ServerResponse): void {
  try {
    metrics(request, response);
  } catch {
    // A handler that throws (e.g. an unbound exporter method) must not take the process down.
    if (!response.headersSent) {
      response.statusCode = 500;
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    }
    response.end('# metrics handler failed\n');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
