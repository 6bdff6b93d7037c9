import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RESOLVED_HEALTH_OPTIONS } from './health.constants.js';
import type { ResolvedHealthOptions } from './health.options.resolved.js';
import { replyToProbe } from './health.reply.js';
import { type HealthProbe, HealthProbeService } from './health.service.js';

const PROBES: readonly HealthProbe[] = ['live', 'ready', 'startup'];

/**
 * Serves the probes with the default `routing: 'adapter'`: `GET /<path>/live|ready|startup` registered on the HTTP
 * adapter itself (`httpAdapter.get()`, Express and Fastify alike), beside Nest's router rather than through it. So no
 * global guard, interceptor, pipe or filter runs for a probe, and neither the global prefix nor URI versioning moves
 * it: an auth guard or a global prefix can no longer make Kubernetes restart every pod. Middleware still applies, as
 * it does to every route of the server.
 * @internal
 */
@Injectable()
export class HealthProbeRoutes implements OnModuleInit {
  constructor(
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    @Inject(HealthProbeService) private readonly probes: HealthProbeService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  // `app.init()` runs this hook after Nest has registered its own routes and before its not-found handler: on Express
  // the probes come after the app's routes and before the 404; on Fastify routes may be added until it is ready.
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    // No HTTP server (an application context, a bare TestingModule): nothing to serve. With
    // `management.probesOnMainPort: false` the probes live on the management port only.
    if (this.options.routing !== 'adapter' || !this.options.probesOnMainPort || !adapter) return;
    for (const probe of PROBES) {
      adapter.get(`/${this.options.path}/${probe}`, (_request: unknown, response: unknown) =>
        replyToProbe(this.probes, adapter, probe, response),
      );
    }
  }
}
