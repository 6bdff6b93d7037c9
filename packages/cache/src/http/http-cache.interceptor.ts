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
 * user's response is never served to another; an authenticated request with no resolvable identity is not cached
 * unless the route gives an explicit `@HttpCache({ key })`. Health routes (`http.skipPaths`) are never cached.
 * Concurrent misses of one key run the handler once. Sets `X-Cache: HIT` or `MISS` on cached routes.
 *
 * @example
 * @UseInterceptors(BallastCacheInterceptor)
 * @HttpCache({ ttl: 30_000, tags: ['users'] })
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

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest();
    if (request.method !== 'GET') return next.handle();
    const route = this.reflector.getAllAndOverride<HttpCacheRouteOptions | undefined>(HTTP_CACHE_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (route?.enabled === false) return next.handle();
    const url: string = request.originalUrl ?? request.url ?? '/';
    const path = url.split('?')[0];
    if (this.options.http.skipPaths.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`))) {
      return next.handle();
    }
    const key = this.keyOf(request, url, route);
    if (key === undefined) return next.handle();
    const cache = this.registry.get(route?.cache ?? this.options.http.cache);
    const response = context.switchToHttp().getResponse();
    const httpAdapter = this.adapterHost.httpAdapter;
    return from(
      cache
        .load(key, () => lastValueFrom(next.handle(), { defaultValue: undefined }), {
          ttl: route?.ttl,
          tags: route?.tags,
          // A stream can be sent once: answer it, never cache it (duck-typed: an app may load two copies of Nest).
          cacheIf: (value) => !isStream(value),
        })
        .then((result) => {
          if (!isStream(result.value)) {
            httpAdapter.setHeader(response, X_CACHE_HEADER, result.hit ? 'HIT' : 'MISS');
          }
          return result.value;
        }),
    );
  }

  private keyOf(request: any, url: string, route: HttpCacheRouteOptions | undefined): string | undefined {
    if (route?.key !== undefined) {
      const key = typeof route.key === 'function' ? route.key(request) : route.key;
      return key === undefined ? undefined : `http:${key}`;
    }
    const identity = this.options.http.identity(request);
    // Credentials but no identity: caching by URL alone could serve this user's response to someone else.
    if (identity === undefined && isAuthenticated(request)) return undefined;
    return `http:GET ${url}${identity === undefined ? '' : ` ${identity}`}`;
  }
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
