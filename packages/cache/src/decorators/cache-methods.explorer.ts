import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { CACHE_EVICT_METADATA, CACHEABLE_METADATA } from '../cache.constants.js';
import { decoratorUnsupportedHost, notAsync, type UnsupportedCacheMethod } from '../cache.errors.js';
import { CacheRegistry } from '../cache.registry.js';
import type { BallastCache } from '../ballast-cache.js';
import type { CacheableOptions, CacheEvictOptions, CacheKeyOption, CacheTagsOption } from './cache.decorators.js';

const WRAPPED = Symbol.for('@ballast/cache/wrapped');

/**
 * Finds `@Cacheable` / `@CacheEvict` methods of every provider with Nest's DiscoveryService at module init and wraps
 * them on the instance (no registry filled by decorators, so the ESM and CJS builds cannot disagree).
 *
 * Only singleton providers have one instance at startup to wrap. A decorated method of a controller, or of a
 * request-scoped (explicitly, durably, or implicitly by injecting `REQUEST` / a request-scoped provider) or transient
 * provider would silently never cache, so the module refuses to start instead (`BALLAST_CACHE_DECORATOR_UNSUPPORTED_HOST`).
 * @internal
 */
@Injectable()
export class CacheMethodsExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: CacheRegistry,
  ) {}

  onModuleInit(): void {
    const unsupported = this.unsupportedHosts();
    if (unsupported.length > 0) throw decoratorUnsupportedHost(unsupported);
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      if (!prototype || prototype === Object.prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const original = prototype[method];
        if (typeof original !== 'function' || (instance[method] as any)?.[WRAPPED]) continue;
        const cacheable: CacheableOptions | undefined = Reflect.getMetadata(CACHEABLE_METADATA, original);
        const evict: CacheEvictOptions | undefined = Reflect.getMetadata(CACHE_EVICT_METADATA, original);
        if (!cacheable && !evict) continue;
        const where = `${prototype.constructor?.name ?? 'provider'}.${method}`;
        let fn = original as (...args: unknown[]) => unknown;
        if (evict) fn = this.evicting(fn, evict, this.registry.get(evict.cache));
        if (cacheable) fn = this.caching(fn, cacheable, this.registry.get(cacheable.cache), where);
        Object.defineProperty(fn, WRAPPED, { value: true });
        instance[method] = fn;
      }
    }
  }

  /** Decorated methods on controllers and on providers that are not singletons. */
  private unsupportedHosts(): UnsupportedCacheMethod[] {
    const found: UnsupportedCacheMethod[] = [];
    const seen = new Set<unknown>();
    const scan = (metatype: unknown, host: UnsupportedCacheMethod['host']) => {
      if (typeof metatype !== 'function' || seen.has(metatype)) return;
      const prototype = (metatype as { prototype?: Record<string, unknown> }).prototype;
      if (!prototype || typeof prototype !== 'object') return;
      seen.add(metatype);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = prototype[method];
        if (typeof fn !== 'function') continue;
        const where = `${(metatype as { name?: string }).name || 'anonymous'}.${method}`;
        if (Reflect.getMetadata(CACHEABLE_METADATA, fn)) found.push({ where, decorator: '@Cacheable', host });
        if (Reflect.getMetadata(CACHE_EVICT_METADATA, fn)) found.push({ where, decorator: '@CacheEvict', host });
      }
    };
    for (const wrapper of this.discovery.getControllers()) scan(wrapper.metatype, 'controller');
    for (const wrapper of this.discovery.getProviders()) {
      // Factory providers (useFactory) have no class of ours to scan; their metatype is the factory function.
      if (wrapper.inject) continue;
      if (wrapper.isTransient) scan(wrapper.metatype, 'transient provider');
      else if (!wrapper.isDependencyTreeStatic()) scan(wrapper.metatype, 'request-scoped provider');
    }
    return found;
  }

  private caching(
    method: (...args: unknown[]) => unknown,
    options: CacheableOptions,
    cache: BallastCache,
    where: string,
  ): (...args: unknown[]) => unknown {
    return function (this: unknown, ...args: unknown[]) {
      const key = options.key === undefined ? `${where}:${stableArgs(args)}` : keyOf(options.key, args);
      return cache.wrap(
        key,
        () => {
          const result = method.apply(this, args);
          if (!(result instanceof Promise)) throw notAsync(where);
          return result;
        },
        { ttl: options.ttl, tags: tagsOf(options.tags, args), refreshAhead: options.refreshAhead },
      );
    };
  }

  private evicting(
    method: (...args: unknown[]) => unknown,
    options: CacheEvictOptions,
    cache: BallastCache,
  ): (...args: unknown[]) => unknown {
    const targets = (args: unknown[]) => ({
      keys: listOf(options.keys).map((k) => keyOf(k, args)),
      prefixes: listOf(options.prefixes).map((p) => keyOf(p, args)),
      tags: tagsOf(options.tags, args),
    });
    const evict = async ({ keys, prefixes, tags }: ReturnType<typeof targets>) => {
      await Promise.all([
        ...keys.map((k) => cache.del(k)),
        ...prefixes.map((p) => cache.invalidatePrefix(p)),
        tags.length > 0 ? cache.invalidateTags(tags) : undefined,
      ]);
    };
    return async function (this: unknown, ...args: unknown[]) {
      if (options.beforeInvocation) {
        await evict(targets(args));
        return method.apply(this, args);
      }
      // The method may change its arguments (an ORM's remove() clears the entity's id, save() assigns one): evict
      // what the key functions give both before and after the call.
      const before = targets(args);
      const result = await method.apply(this, args);
      const after = targets(args);
      await evict({
        keys: union(before.keys, after.keys),
        prefixes: union(before.prefixes, after.prefixes),
        tags: union(before.tags, after.tags),
      });
      return result;
    };
  }
}

function listOf<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function union(a: string[], b: string[]): string[] {
  return b.every((x) => a.includes(x)) ? a : [...new Set([...a, ...b])];
}

function keyOf(key: CacheKeyOption, args: unknown[]): string {
  return typeof key === 'function' ? key(...args) : key;
}

function tagsOf(tags: CacheTagsOption | undefined, args: unknown[]): string[] {
  if (tags === undefined) return [];
  return typeof tags === 'function' ? tags(...args) : tags;
}

function stableArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, value[k]]),
        )
      : value,
  );
}
