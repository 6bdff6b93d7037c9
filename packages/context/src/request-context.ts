import { AsyncLocalStorage } from 'node:async_hooks';
import { generateRequestId } from './request-id.js';

/** What ballast knows about the request (or job) being handled. */
export interface RequestContextData {
  /** One id per request: from a well-formed `x-request-id` header, else generated. */
  readonly requestId: string;
  /** When the request or job started, in ms since the epoch. */
  readonly startedAt: number;
  /** Fields the app adds (`userId`, `tenantId`, ...); the logger writes them on every line. */
  readonly fields: Record<string, unknown>;
}

/** How to start a context: everything optional. */
export interface RequestContextInit {
  /**
   * The id of the new context. When absent: the id of the enclosing context if there is one (a job started from a
   * request keeps the request's id), else a generated one. Used as given (not validated): pass ids you trust.
   */
  requestId?: string;
  /** Fields of the new context, added to a copy of the enclosing context's fields. */
  fields?: Record<string, unknown>;
}

// One storage per process, even when an app loads both the ESM and the CJS build of this package:
// two AsyncLocalStorage instances would make the logger and the filter see different contexts.
const STORAGE_KEY = Symbol.for('@ballast/context/storage');
type GlobalWithStorage = typeof globalThis & { [STORAGE_KEY]?: AsyncLocalStorage<RequestContextData> };
const storage = ((globalThis as GlobalWithStorage)[STORAGE_KEY] ??= new AsyncLocalStorage<RequestContextData>());

/**
 * Where the context of a request is kept on the raw Node request (one per request, shared by every hook). A
 * `Symbol.for` key, like the storage, so both builds of this package find it. @internal
 */
export const REQUEST_CONTEXT_KEY = Symbol.for('@ballast/context/request');

/** @internal the storage itself, for the HTTP integration of this package. */
export function contextStorage(): AsyncLocalStorage<RequestContextData> {
  return storage;
}

/** @internal a new context; `parent` lends its id and a copy of its fields when `init` does not override them. */
export function createContextData(init: RequestContextInit = {}, parent?: RequestContextData): RequestContextData {
  return {
    requestId: init.requestId ?? parent?.requestId ?? generateRequestId(),
    startedAt: Date.now(),
    fields: parent ? { ...parent.fields, ...init.fields } : { ...init.fields },
  };
}

/** Static access to the current request context, from anywhere (services, filters, loggers, jobs). */
export const RequestContext = {
  /** The current context, or undefined outside a request or a wrapped job. */
  current(): RequestContextData | undefined {
    return storage.getStore();
  },

  /** The current request id, or undefined outside a request or a wrapped job. */
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },

  /**
   * Adds a field to the current context (e.g. `userId` after authentication). Returns false outside a context,
   * where there is nothing to attach it to.
   */
  set(key: string, value: unknown): boolean {
    const store = storage.getStore();
    if (!store) return false;
    store.fields[key] = value;
    return true;
  },

  /** The app-added fields of the current context (empty outside one). */
  fields(): Readonly<Record<string, unknown>> {
    return storage.getStore()?.fields ?? {};
  },

  /**
   * The context of an HTTP request object (Express `req`, Fastify `request`, or the raw Node request), wherever the
   * code runs. For the places Node and Fastify call outside the request's async context: `res.on('finish' | 'close')`
   * listeners and Fastify `onResponse` hooks. Undefined for a request the context module has not seen.
   *
   * @example
   * res.on('close', () => RequestContext.run(RequestContext.of(req)!, () => logger.warn('client went away')));
   */
  of(request: unknown): RequestContextData | undefined {
    if (request === null || typeof request !== 'object') return undefined;
    const raw = (request as { raw?: unknown }).raw ?? request;
    return typeof raw === 'object' && raw !== null
      ? (raw as { [REQUEST_CONTEXT_KEY]?: RequestContextData })[REQUEST_CONTEXT_KEY]
      : undefined;
  },

  /**
   * Runs `fn` with `context` as the current context: that very object (fields set inside are the request's), not a
   * copy. Pairs with `of(request)`; to start a new context, use `runWithRequestContext`.
   */
  run<T>(context: RequestContextData, fn: () => T): T {
    return storage.getStore() === context ? fn() : storage.run(context, fn);
  },
};

/**
 * Runs `fn` inside a new context: for cron jobs, queue consumers and microservice handlers, which have no HTTP
 * request to start one. Every log line and error inside (including after `await`s, in timers and promises started
 * there) gets the context's request id; the context ends when `fn`'s work does, and never leaks to the caller.
 *
 * Called inside another context, the new one keeps the outer request id (unless `init.requestId` is given) and a
 * copy of its fields: fields set inside do not leak out.
 *
 * @example
 * await runWithRequestContext(() => this.reports.build(), { fields: { job: 'nightly-report' } });
 */
export function runWithRequestContext<T>(fn: () => T, init?: RequestContextInit): T {
  return storage.run(createContextData(init, storage.getStore()), fn);
}
