import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { type DiscoveredMethod, discoverMethods } from '@ballast/kernel';
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
    const found = discoverMethods(this.discovery, this.scanner, [CACHEABLE_METADATA, CACHE_EVICT_METADATA]);
    const unsupported = found.flatMap((method) => unsupportedHost(method));
    if (unsupported.length > 0) throw decoratorUnsupportedHost(dedupe(unsupported));
    for (const { instance, prototype, className, methodName, metadata } of found) {
      const original = prototype[methodName];
      if (!instance || typeof original !== 'function' || (instance[methodName] as any)?.[WRAPPED]) continue;
      const cacheable = metadata[CACHEABLE_METADATA] as CacheableOptions | undefined;
      const evict = metadata[CACHE_EVICT_METADATA] as CacheEvictOptions | undefined;
      const where = `${className}.${methodName}`;
      let fn = original as (...args: unknown[]) => unknown;
      if (evict) fn = this.evicting(fn, evict, this.registry.get(evict.cache));
      if (cacheable) fn = this.caching(fn, cacheable, this.registry.get(cacheable.cache), where);
      Object.defineProperty(fn, WRAPPED, { value: true });
      instance[methodName] = fn;
    }
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
        { ttlMs: options.ttlMs, tags: tagsOf(options.tags, args), refreshAheadMs: options.refreshAheadMs },
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

/** Where a decorator found on a method can never run: a controller, or a provider that is not a singleton. */
function unsupportedHost(method: DiscoveredMethod): UnsupportedCacheMethod[] {
  const host: UnsupportedCacheMethod['host'] | undefined =
    method.host === 'controller'
      ? 'controller'
      : method.scope === 'transient'
        ? 'transient provider'
        : method.scope === 'request'
          ? 'request-scoped provider'
          : undefined;
  if (host === undefined) return [];
  const where = `${method.className}.${method.methodName}`;
  return [
    ...(method.metadata[CACHEABLE_METADATA] ? [{ where, decorator: '@Cacheable' as const, host }] : []),
    ...(method.metadata[CACHE_EVICT_METADATA] ? [{ where, decorator: '@CacheEvict' as const, host }] : []),
  ];
}

/** A class registered in several modules is seen once per module: one line each. */
function dedupe(methods: UnsupportedCacheMethod[]): UnsupportedCacheMethod[] {
  const seen = new Set<string>();
  return methods.filter((m) => {
    const key = `${m.decorator} ${m.where} ${m.host}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
