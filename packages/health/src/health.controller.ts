import { Controller, Get, Inject, Res, type Type, VERSION_NEUTRAL } from '@nestjs/common';
import { PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants.js';
import { HttpAdapterHost } from '@nestjs/core';
import { HTTP_CACHE_METADATA } from '@ballast/kernel';
import { replyToProbe } from './health.reply.js';
import { HealthProbeService } from './health.service.js';

const PROBES = ['live', 'ready', 'startup'] as const;

/**
 * Creates the probe controller of one module registration, used only with `routing: 'nest'`. Its path and whether it
 * has routes at all are only known once the options are resolved (forRootAsync), so each registration gets its own
 * class without routes, and {@link setHealthControllerPath} adds them before Nest registers routes (at `app.init()`,
 * after every provider exists). With the default `routing: 'adapter'` the class stays route-less and
 * `HealthProbeRoutes` serves the probes.
 * @internal
 */
export function createHealthController(): Type<unknown> {
  @Controller()
  class BallastHealthController {
    constructor(
      @Inject(HealthProbeService) private readonly probes: HealthProbeService,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    live(@Res() response: unknown): Promise<void> {
      return replyToProbe(this.probes, this.adapterHost.httpAdapter, 'live', response);
    }

    ready(@Res() response: unknown): Promise<void> {
      return replyToProbe(this.probes, this.adapterHost.httpAdapter, 'ready', response);
    }

    startup(@Res() response: unknown): Promise<void> {
      return replyToProbe(this.probes, this.adapterHost.httpAdapter, 'startup', response);
    }
  }
  return BallastHealthController;
}

/**
 * With `routing: 'nest'`, gives a controller made by {@link createHealthController} its routes, path (and version
 * neutrality); with `'adapter'`, leaves it without routes. @internal
 */
export function setHealthControllerPath(controller: Type<unknown>, path: string, routing: 'adapter' | 'nest'): void {
  if (routing !== 'nest') return;
  const prototype = controller.prototype as Record<string, unknown>;
  for (const probe of PROBES) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, probe)!;
    Get(probe)(prototype, probe, descriptor);
  }
  Reflect.defineMetadata(PATH_METADATA, path, controller);
  // Probes must not move when the app enables URI/header versioning.
  Reflect.defineMetadata(VERSION_METADATA, VERSION_NEUTRAL, controller);
  // @ballast/cache's HTTP interceptor skips routes marked so (it also skips /health by default; this covers a custom
  // path). A plain metadata string, so this package does not import @ballast/cache.
  Reflect.defineMetadata(HTTP_CACHE_METADATA, { enabled: false }, controller);
}
