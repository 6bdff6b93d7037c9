import type { MetricAttributes } from '@ballast/kernel';
import type { LoggerInstruments } from '../logger.telemetry.js';

// Methods the HTTP semantic conventions name; any other is reported as `_OTHER` (bounded cardinality).
const KNOWN_METHODS = ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'QUERY'];
const OTHER: MetricAttributes = { 'http.request.method': '_OTHER' };
const byMethod = new Map<string, MetricAttributes>(
  KNOWN_METHODS.map((method) => [method, { 'http.request.method': method }]),
);

/** The `http.request.method` of a request, as an attribute object shared by all requests of that method. @internal */
export function methodAttributes(method: string | undefined): MetricAttributes {
  return (method !== undefined && byMethod.get(method)) || OTHER;
}

/**
 * Records one ended request on `http.server.request.duration`. `route` is the route template (never the raw URL:
 * ids and unmatched paths would make one series each), absent when no route matched. A request cut before its
 * response ended has `error.type: 'aborted'`, a 5xx its status code. @internal
 */
export function recordRequest(
  instruments: LoggerInstruments,
  method: string | undefined,
  route: string | undefined,
  statusCode: number | undefined,
  aborted: boolean,
  durationMs: number,
): void {
  const attributes: MetricAttributes = { 'http.request.method': methodAttributes(method)['http.request.method'] };
  if (route !== undefined) attributes['http.route'] = route;
  // 0: an aborted request whose response never started, no status was sent.
  if (statusCode !== undefined && statusCode !== 0) attributes['http.response.status_code'] = statusCode;
  if (aborted) attributes['error.type'] = 'aborted';
  else if (statusCode !== undefined && statusCode >= 500) attributes['error.type'] = String(statusCode);
  instruments.requestDuration.record(durationMs / 1000, attributes);
}
