import type { IncomingMessage } from 'node:http';

/** Options of `BallastContextModule.forRoot()` / `forRootAsync()`. */
export interface ContextModuleOptions {
  /**
   * The HTTP header that carries the request id in (when `trustIncomingId`) and out (when `echoHeader`).
   * Case-insensitive; must be a valid HTTP header name.
   * @default 'x-request-id'
   */
  header?: string;

  /**
   * Reuse the id a client or an upstream proxy sent in `header`, when it is well formed (at most 128 characters,
   * letters, digits and `. _ : -`; see `isValidRequestId`). A malformed value is never reused nor echoed: the request
   * gets a generated id instead. Set to `false` when the service is exposed directly to untrusted clients and every
   * id must be generated here.
   * @default true
   */
  trustIncomingId?: boolean;

  /**
   * Makes a new request id when none is reused. Must return a string accepted by `isValidRequestId`; anything else
   * (or a throw) is replaced by a UUID, so a faulty generator can neither fail requests nor put an unsafe value into
   * headers or logs.
   * @default generateRequestId (a random UUID v4)
   * @example generateId: () => ulid()
   */
  generateId?: () => string;

  /**
   * Sets `header` on every response (successes, errors and 404s alike) to the request id.
   * @default true
   */
  echoHeader?: boolean;

  /**
   * Seeds the fields of each request's context from the raw Node request (e.g. a tenant header). Called once per
   * request, before any guard or middleware; the fields then appear on every log line of the request. Keep it
   * cheap, and never return secrets (the logger writes the fields as they are).
   * @default undefined (no fields)
   * @example fields: (req) => ({ tenant: req.headers['x-tenant-id'] })
   */
  fields?: (request: IncomingMessage) => Record<string, unknown> | undefined;

  /**
   * Also run the listeners of the request's and response's stream events (`data`, `end`, `finish`, `close`) inside
   * the context. Node emits those from the connection, outside any request: without this option a
   * `res.on('close', ...)` listener sees no context (read it with `RequestContext.of(req)` there instead). Ballast's
   * own pieces (request logging, the exception filter, body parsing on both adapters) do not need it. It costs a
   * patched `emit` on two objects per request, measured at tens of µs per request on Express (see the benchmarks).
   * @default false
   */
  bindStreamEvents?: boolean;

  /**
   * Express only (ignored on Fastify): the server builds each request and response with Express's prototypes
   * already in place, so Express's own per-request `Object.setPrototypeOf(req, app.request)` changes nothing. That
   * call costs far more than it looks: V8 gives each object a map of its own, and every property written or read on
   * `req`/`res` afterwards misses its caches. Measured on Node 20, a bare Nest app on Express used 3.7× less CPU
   * per request with it (see the package README). Requests behave the same (same prototype chain,
   * `req instanceof IncomingMessage`, `req.app`, anything added to `app.request`); it sets the server's
   * `IncomingMessage`/`ServerResponse` classes, so it stays off (with a warning) when the app set its own.
   * @default false
   */
  fastExpressRequests?: boolean;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedContextOptions {
  /** Lower-cased header name. */
  header: string;
  trustIncomingId: boolean;
  /** The user's generator, or undefined for the built-in one (no re-validation needed). */
  generateId: (() => string) | undefined;
  echoHeader: boolean;
  fields: ((request: IncomingMessage) => Record<string, unknown> | undefined) | undefined;
  bindStreamEvents: boolean;
  fastExpressRequests: boolean;
}
