import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A method that carries one of the metadata keys looked for. @internal */
export interface DiscoveredMethod {
  /** `'controller'` or `'provider'`: where Nest registered the class. */
  host: 'controller' | 'provider';
  /** False for request-scoped or transient classes (and classes depending on one): no single instance to patch. */
  isStatic: boolean;
  /** `'singleton'`, `'transient'`, or `'request'` (by its own, a durable, or an inherited request scope). */
  scope: 'singleton' | 'request' | 'transient';
  /** The one instance of a singleton; undefined otherwise. */
  instance: Record<string, unknown> | undefined;
  /** The class prototype the method was read from. */
  prototype: Record<string, unknown>;
  className: string;
  methodName: string;
  /** The metadata found, by key (only the keys that are set on this method). */
  metadata: Record<string, unknown>;
}

/**
 * Every method of every provider and controller that carries one of `metadataKeys` (set with `SetMetadata` or
 * `Reflect.defineMetadata` on the method): the one scan behind `@BeforeShutdown()` and the cache decorators.
 * Classes that are not static are reported too (with `isStatic: false`), so a decorator that needs one instance can
 * refuse them at boot instead of doing nothing. Factory and value providers have no class and are skipped.
 * @internal
 */
export function discoverMethods(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  metadataKeys: readonly string[],
): DiscoveredMethod[] {
  const found: DiscoveredMethod[] = [];
  const hosts = [
    ...discovery.getProviders().map((wrapper) => ({ wrapper, host: 'provider' as const })),
    ...discovery.getControllers().map((wrapper) => ({ wrapper, host: 'controller' as const })),
  ];
  for (const { wrapper, host } of hosts) {
    const scope = wrapper.isTransient ? 'transient' : wrapper.isDependencyTreeStatic() ? 'singleton' : 'request';
    const isStatic = scope === 'singleton';
    const instance = isStatic ? (wrapper.instance as Record<string, unknown> | undefined) : undefined;
    const prototype = classPrototype(instance, wrapper.metatype, wrapper.inject);
    if (prototype === undefined) continue;
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const method = prototype[methodName];
      if (typeof method !== 'function') continue;
      const metadata: Record<string, unknown> = {};
      for (const key of metadataKeys) {
        const value: unknown = Reflect.getMetadata(key, method);
        if (value !== undefined) metadata[key] = value;
      }
      if (Object.keys(metadata).length === 0) continue;
      const className = (prototype.constructor as { name?: string } | undefined)?.name || 'AnonymousClass';
      found.push({ host, isStatic, scope, instance, prototype, className, methodName, metadata });
    }
  }
  return found;
}

function classPrototype(
  instance: object | undefined,
  metatype: unknown,
  inject: unknown,
): Record<string, unknown> | undefined {
  if (instance !== undefined && instance !== null && typeof instance === 'object') {
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
    return prototype && prototype !== Object.prototype ? prototype : undefined;
  }
  // A class provider that has no instance yet (request-scoped, transient): read its prototype.
  if (typeof metatype === 'function' && inject === undefined && metatype.prototype) {
    return metatype.prototype as Record<string, unknown>;
  }
  return undefined;
}
