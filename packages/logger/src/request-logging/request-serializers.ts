import { redactQuery } from '../redaction/redact-query.js';

/** Request and response headers that may be logged when a `req`/`res` object is; every other header is left out. */
export const LOGGED_HEADERS: readonly string[] = [
  'host',
  'user-agent',
  'content-type',
  'content-length',
  'accept',
  'x-request-id',
];

interface RequestLike {
  method?: string;
  url?: string;
  originalUrl?: string;
  headers?: Record<string, unknown>;
  routeOptions?: { url?: string };
  route?: { path?: unknown };
}

function pickHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (headers === undefined || headers === null || typeof headers !== 'object') return undefined;
  const picked: Record<string, unknown> = {};
  for (const name of LOGGED_HEADERS) if (headers[name] !== undefined) picked[name] = headers[name];
  return picked;
}

/**
 * Allow-list serializers for `req` and `res` (Express, Fastify or raw Node objects): when app code logs
 * `{ req }`, the line gets method, url (sensitive query values redacted) and a few harmless headers — never
 * Authorization, Cookie or the body. @internal
 */
export function createRequestSerializers(queryNames: ReadonlySet<string>, censor: string) {
  return {
    req(req: RequestLike): unknown {
      if (req === null || typeof req !== 'object') return req;
      const url = req.originalUrl ?? req.url ?? '';
      const q = url.indexOf('?');
      const route = req.routeOptions?.url ?? req.route?.path;
      return {
        method: req.method,
        url: q === -1 ? url : `${url.slice(0, q)}?${redactQuery(url.slice(q + 1), queryNames, censor)}`,
        route: typeof route === 'string' ? route : undefined,
        headers: pickHeaders(req.headers),
      };
    },
    res(res: { statusCode?: number; getHeaders?: () => Record<string, unknown> }): unknown {
      if (res === null || typeof res !== 'object') return res;
      return {
        statusCode: res.statusCode,
        headers: typeof res.getHeaders === 'function' ? pickHeaders(res.getHeaders()) : undefined,
      };
    },
  };
}
