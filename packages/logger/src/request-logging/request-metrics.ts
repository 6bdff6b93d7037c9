import type { MetricAttributes, Tally } from '@ballast/kernel';
import { activeRequests, type LoggerInstruments } from '../logger.telemetry.js';

// Methods the HTTP semantic conventions name; any other is reported as `_OTHER` (bounded cardinality).
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
  'QUERY',
]);

/** The `http.request.method` of a request: its method when the conventions name it, else `_OTHER`. @internal */
export function methodName(method: string | undefined): string {
  return method !== undefined && KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/** The `http.server.active_requests` count of a request's method: the hooks add 1 on arrival, 1 off at close. @internal */
export function activeTally(method: string | undefined): Tally {
  const name = methodName(method);
  return activeRequests.get(name) ?? activeRequests.add(name, { 'http.request.method': name });
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
  const attributes: MetricAttributes = { 'http.request.method': methodName(method) };
  if (route !== undefined) attributes['http.route'] = route;
  // 0: an aborted request whose response never started, no status was sent.
  if (statusCode !== undefined && statusCode !== 0) attributes['http.response.status_code'] = statusCode;
  if (aborted) attributes['error.type'] = 'aborted';
  else if (statusCode !== undefined && statusCode >= 500) attributes['error.type'] = String(statusCode);
  instruments.requestDuration.record(durationMs / 1000, attributes);
}
