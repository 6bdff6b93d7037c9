import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_CONTEXT_OPTIONS } from './context.constants.js';
import type { ResolvedContextOptions } from './context.options.js';
import {
  RequestContext,
  runWithRequestContext,
  type RequestContextData,
  type RequestContextInit,
} from './request-context.js';

/** Injectable face of the request context, for code that prefers DI to the static `RequestContext`. */
@Injectable()
export class RequestContextService {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_CONTEXT_OPTIONS) readonly options: ResolvedContextOptions,
  ) {}

  /** The current context, or undefined outside a request or wrapped job. */
  current(): RequestContextData | undefined {
    return RequestContext.current();
  }

  /** The current request id, or undefined outside a request or wrapped job. */
  get requestId(): string | undefined {
    return RequestContext.requestId();
  }

  /** Adds a field to the current context; false outside one. */
  set(key: string, value: unknown): boolean {
    return RequestContext.set(key, value);
  }

  /** Runs `fn` in a fresh context (jobs, consumers). */
  run<T>(fn: () => T, init?: RequestContextInit): T {
    return runWithRequestContext(fn, init);
  }
}
