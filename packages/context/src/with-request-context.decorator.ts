import { runWithRequestContext, RequestContext, type RequestContextInit } from './request-context.js';

/**
 * Runs the decorated method inside a fresh request context, unless one is already active (a job triggered from a
 * request keeps the request's id). For `@Cron()` handlers, queue processors and `@MessagePattern()` handlers.
 *
 * @example
 * @Cron('0 * * * *')
 * @WithRequestContext({ fields: { job: 'hourly-sync' } })
 * async sync() { this.logger.log('sync started'); } // the line carries a requestId
 */
export function WithRequestContext(init?: Omit<RequestContextInit, 'requestId'>): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      if (RequestContext.current()) return original.apply(this, args);
      return runWithRequestContext(() => original.apply(this, args), init);
    };
    // Keep the name and any metadata other decorators stored on the original function.
    Object.defineProperty(descriptor.value, 'name', { value: original.name });
    for (const key of Reflect.getMetadataKeys?.(original) ?? []) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), descriptor.value);
    }
    return descriptor;
  };
}
