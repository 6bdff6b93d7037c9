import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { HTTP_CACHE_METADATA, RESOLVED_CACHE_OPTIONS } from '../cache.constants.js';
import type { ResolvedCacheOptions } from '../cache.options.js';
import { CacheRegistry } from '../cache.registry.js';
import type { HttpCacheRouteOptions } from '../decorators/cache.decorators.js';
import { isAuthenticated } from './http-identity.js';

/** Response header saying whether the body came from the cache. */
export const X_CACHE_HEADER = 'X-Cache';

/**
 * Caches GET responses. The default key is the method, the URL and the caller's identity (`http.identity`), so one
 * user's response is never served to another; a request carrying a credential (`req.user`, a credential header or
 * query parameter, see `http.credentialHeaders`) with no resolvable identity is not cached unless the route gives an
 * explicit `@HttpCache({ key })`. The response's `Vary` is honoured: the key holds the request's values of the headers
 * it names (`Vary: *` is never cached). Health routes (`http.ignorePaths`) are never cached.
 * Concurrent misses of one key run the handler once. Sets `X-Cache: HIT` or `MISS` on cached routes.
 *
 * @example
 * @UseInterceptors(BallastCacheInterceptor)
 * @HttpCache({ ttlMs: 30_000, tags: ['users'] })
 * @Get(':id') findOne(@Param('id') id: string) { ... }
 */
@Injectable()
export class BallastCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly registry: CacheRegistry,
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_CACHE_OPTIONS) private readonly options: ResolvedCacheOptions,
  ) {}

  /** Request headers each route's responses were seen to vary on (`'*'`: varies on everything), per handler. */
  private readonly learnedVary = new WeakMap<object, Set<string>>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest();
    if (request.method !== 'GET') return next.handle();
    const handler = context.getHandler();
    const route = this.reflector.getAllAndOverride<HttpCacheRouteOptions | undefined>(HTTP_CACHE_METADATA, [
      handler,
      context.getClass(),
    ]);
    if (route?.enabled === false) return next.handle();
    const url: string = request.originalUrl ?? request.url ?? '/';
    if (this.options.http.isIgnored(url)) return next.handle();
    const response = context.switchToHttp().getResponse();
    const httpAdapter = this.adapterHost.httpAdapter;
    // Vary known before the handler runs (`@Header('Vary', ...)`, a middleware) plus what this route's responses
    // said before: the key holds the request's values of those headers, so each variant is its own entry.
    const learned = this.learnedVary.get(handler);
    const varied = new Set([...parseVary(httpAdapter.getHeader(response, 'vary')), ...(learned ?? [])]);
    if (varied.has('*')) return next.handle();
    const base = this.keyOf(request, url, route);
    if (base === undefined) return next.handle();
    const key = varied.size === 0 ? base : `${base} vary=${varyPart(request, varied)}`;
    const cache = this.registry.get(route?.cache ?? this.options.http.cache);
    const load = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    let ran = false;
    return from(
      cache
        .load(
          key,
          () => {
            ran = true;
            return load();
          },
          {
            ttlMs: route?.ttlMs,
            tags: route?.tags,
            // A stream can be sent once: answer it, never cache it (duck-typed: an app may load two copies of Nest).
            // A response that varies on a header outside the key (set by the handler itself) is answered, not cached,
            // and remembered for this route's next keys; `Vary: *` is never cached.
            cacheIf: (value) =>
              !isStream(value) && this.coveredBy(varied, handler, httpAdapter.getHeader(response, 'vary')),
          },
        )
        .then((result) => {
          // This request shared another one's load, whose response turned out to vary on a header this key lacks:
          // that body may be another variant's, so answer from the handler instead.
          if (!ran && !result.hit && !covers(varied, this.learnedVary.get(handler))) return load();
          if (!isStream(result.value)) {
            httpAdapter.setHeader(response, X_CACHE_HEADER, result.hit ? 'HIT' : 'MISS');
            if (result.hit && varied.size > 0 && httpAdapter.getHeader(response, 'vary') === undefined) {
              httpAdapter.setHeader(response, 'Vary', [...varied].join(', '));
            }
          }
          return result.value;
        }),
    );
  }

  /** Whether the response's Vary (read after the handler) names only headers of the key; learns the others. */
  private coveredBy(varied: Set<string>, handler: object, vary: unknown): boolean {
    const names = parseVary(vary).filter((n) => !varied.has(n));
    if (names.length === 0) return true;
    const learned = this.learnedVary.get(handler) ?? new Set<string>();
    for (const name of names) learned.add(name);
    this.learnedVary.set(handler, learned);
    return false;
  }

  private keyOf(request: any, url: string, route: HttpCacheRouteOptions | undefined): string | undefined {
    if (route?.key !== undefined) {
      const key = typeof route.key === 'function' ? route.key(request) : route.key;
      return key === undefined ? undefined : `http:${key}`;
    }
    const identity = this.options.http.identity(request);
    // Credentials but no identity: caching by URL alone could serve this user's response to someone else.
    if (identity === undefined && isAuthenticated(request, this.options.http.credentials, url)) return undefined;
    return `http:GET ${url}${identity === undefined ? '' : ` ${identity}`}`;
  }
}

/** Lower-case header names of a Vary value (`'*'` included as is). */
function parseVary(vary: unknown): string[] {
  if (vary === undefined || vary === null) return [];
  const text = Array.isArray(vary) ? vary.join(',') : String(vary);
  return text
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length > 0);
}

/** True when every name in `names` is in `varied`. */
function covers(varied: Set<string>, names: Set<string> | undefined): boolean {
  if (names === undefined) return true;
  for (const name of names) if (!varied.has(name)) return false;
  return true;
}

/** The request's values of the varied headers, in a stable order and unambiguous form. */
function varyPart(request: any, varied: Set<string>): string {
  const headers = request?.headers ?? {};
  return JSON.stringify(
    [...varied].sort().map((name) => {
      const value = headers[name];
      return [name, value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value)];
    }),
  );
}

function isStream(value: unknown): boolean {
  return (
    value instanceof StreamableFile ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { getStream?: unknown }).getStream === 'function') ||
    (typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function')
  );
}
