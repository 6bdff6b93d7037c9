import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { ResolvedContextOptions } from '../context.options.js';
import { contextStorage, createContextData, REQUEST_CONTEXT_KEY, type RequestContextData } from '../request-context.js';
import { generateRequestId, isValidRequestId } from '../request-id.js';
import { constructWithExpressPrototypes, type ExpressPrototypes } from './express-prototypes.js';

type RawRequest = IncomingMessage & { [REQUEST_CONTEXT_KEY]?: RequestContextData; id?: unknown };
type Next = (error?: unknown) => void;
/** Express passes (req, res, next); Fastify passes (request, reply, done) whose `.raw` are the Node objects. */
type RequestHook = (request: any, reply: any, done: Next) => unknown;

/** The part of Nest's `AbstractHttpAdapter` this file relies on, the same on NestJS 11 and 12. @internal */
export interface HookableHttpAdapter {
  setOnRequestHook?(hook: RequestHook): void;
  onRequestHook?: RequestHook;
  getType?(): string;
  getInstance?(): unknown;
  getHttpServer?(): unknown;
}

const storage = contextStorage();
const installed = new WeakSet<object>();

/**
 * The context of a raw request, created on first call: its id is the incoming header when trusted and well formed,
 * else a generated one. @internal
 */
export function contextOfRequest(req: RawRequest, options: ResolvedContextOptions): RequestContextData {
  const existing = req[REQUEST_CONTEXT_KEY];
  if (existing) return existing;
  const incoming = options.trustIncomingId ? req.headers[options.header] : undefined;
  // Duplicate headers arrive joined ("a, b"), which isValidRequestId rejects: such a request gets a new id.
  const requestId = isValidRequestId(incoming) ? incoming : newRequestId(options);
  const context = createContextData({ requestId });
  req[REQUEST_CONTEXT_KEY] = context;
  return context;
}

function newRequestId(options: ResolvedContextOptions): string {
  if (!options.generateId) return generateRequestId();
  let id: unknown;
  try {
    id = options.generateId();
  } catch {
    // A failing custom generator must not fail the request: a UUID will do.
  }
  // Nor may it put CR/LF or unbounded data into a header or a log line.
  return isValidRequestId(id) ? id : generateRequestId();
}

const BOUND_CONTEXT = Symbol('ballast.context.bound');
const ORIGINAL_EMIT = Symbol('ballast.context.emit');
type BoundEmitter = (IncomingMessage | ServerResponse) & {
  [BOUND_CONTEXT]?: RequestContextData;
  [ORIGINAL_EMIT]?: (...args: unknown[]) => boolean;
};

// One shared function for every request (no closure, no per-request allocation): the context and the original
// emit are kept on the emitter itself.
function emitInRequestContext(this: BoundEmitter, ...args: unknown[]): boolean {
  const context = this[BOUND_CONTEXT]!;
  const emit = this[ORIGINAL_EMIT]!;
  if (storage.getStore() === context) return emit.apply(this, args);
  return storage.run(context, () => emit.apply(this, args));
}

/**
 * Makes every listener of the request and response streams run inside the context (option `bindStreamEvents`).
 * Stream events (`close` of an aborted request, `finish`, body chunks) are emitted from the connection's async
 * context, not the request's, and would otherwise see no context at all.
 */
function bindEmitter(emitter: BoundEmitter, context: RequestContextData): void {
  if (emitter[BOUND_CONTEXT]) return;
  emitter[BOUND_CONTEXT] = context;
  emitter[ORIGINAL_EMIT] = emitter.emit as (...args: unknown[]) => boolean;
  emitter.emit = emitInRequestContext as typeof emitter.emit;
}

/**
 * Installs the HTTP integration on Nest's adapter (Express or Fastify): every request runs inside its own context,
 * from the adapter's first hook (before body parsing, Nest middleware, guards, ...) to the response's `finish` event.
 * Returns false when there is no HTTP adapter (application context, microservice) or it is already installed.
 * @internal
 */
export function installHttpContext(adapter: HookableHttpAdapter | undefined, options: ResolvedContextOptions): boolean {
  if (!adapter || installed.has(adapter) || typeof adapter.setOnRequestHook !== 'function') return false;
  installed.add(adapter);
  if (options.fastExpressRequests) useExpressPrototypes(adapter);

  // Nest's adapters have one request-hook slot, which runs first on both (on Fastify before middie, on Express
  // before the body parsers). Ours takes it, and a hook set before or after (by the app or another library) still
  // runs, right after ours, inside the context.
  let chained: RequestHook | undefined = adapter.onRequestHook;
  const setOnRequestHook = adapter.setOnRequestHook.bind(adapter);
  adapter.setOnRequestHook = (hook: RequestHook) => {
    chained = hook;
  };

  // The rest of the request, inside the context; one function per app, so no closure per request.
  function proceed(req: RawRequest, context: RequestContextData, request: any, reply: any, done: Next): unknown {
    if (options.fields) {
      try {
        const fields = options.fields(req);
        if (fields && typeof fields === 'object') Object.assign(context.fields, fields);
      } catch (error) {
        return done(error);
      }
    }
    return chained ? chained.call(adapter, request, reply, done) : done();
  }

  const bindStreams = options.bindStreamEvents;
  setOnRequestHook(function ballastRequestContext(this: unknown, request: any, reply: any, done: Next) {
    const req: RawRequest = request.raw ?? request;
    const res: ServerResponse = reply.raw ?? reply;
    const context = contextOfRequest(req, options);
    const { requestId } = context;
    if (options.echoHeader && !res.headersSent) res.setHeader(options.header, requestId);
    // For the adapters' own logging (pino-http reads req.id; Fastify has request.id).
    req.id = requestId;
    if (request !== req) request.id = requestId;
    if (bindStreams) {
      bindEmitter(req, context);
      bindEmitter(res, context);
    }
    return storage.run(context, proceed, req, context, request, reply, done);
  });

  return true;
}

/** Option `fastExpressRequests`: Express only (Fastify builds its own request objects and does not need it). */
function useExpressPrototypes(adapter: HookableHttpAdapter): void {
  if (adapter.getType?.() !== 'express') return;
  const server = adapter.getHttpServer?.() as Server | undefined;
  const app = adapter.getInstance?.() as ExpressPrototypes | undefined;
  if (server && app && constructWithExpressPrototypes(server, app)) return;
  new Logger('BallastContextModule').warn(
    'fastExpressRequests: left off, this server already has its own request or response class (or Express is not ' +
      'the usual one). Requests are served as usual.',
  );
}
