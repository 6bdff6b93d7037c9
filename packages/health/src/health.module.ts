import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HEALTH_CONTROLLER_CLASS, RESOLVED_HEALTH_OPTIONS } from './health.constants.js';
import { createHealthController, setHealthControllerPath } from './health.controller.js';
import {
  HEALTH_ASYNC_OPTIONS_TYPE,
  HEALTH_MODULE_OPTIONS,
  HEALTH_OPTIONS_TYPE,
  HealthConfigurableModuleClass,
} from './health.module-definition.js';
import type { HealthModuleOptions } from './health.options.js';
import type { ResolvedHealthOptions } from './health.options.resolved.js';
import { resolveHealthOptions } from './health.options.resolve.js';
import { HealthProbeRoutes } from './health.routes.js';
import { HealthProbeService } from './health.service.js';
import { HealthManagementServer } from './management/management-server.js';
import { LazyTerminus } from './terminus/lazy-terminus.js';

/**
 * Options are checked once, here, for forRoot and forRootAsync alike; the probe routes get their path from them (and,
 * with `routing: 'nest'`, the controller gets its routes).
 */
function resolveAndRoute(options: HealthModuleOptions, controller: Type<unknown>): ResolvedHealthOptions {
  const resolved = resolveHealthOptions(options);
  if (resolved.probesOnMainPort) setHealthControllerPath(controller, resolved.path, resolved.routing);
  return resolved;
}

/**
 * Liveness, readiness and startup probes on @nestjs/terminus: `GET /health/live`, `/health/ready`,
 * `/health/startup`, on the app's port and/or a management port (with `/metrics`). terminus itself is loaded on the
 * first probe (see LazyTerminus), not at startup.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: RESOLVED_HEALTH_OPTIONS,
      inject: [HEALTH_MODULE_OPTIONS, HEALTH_CONTROLLER_CLASS],
      useFactory: resolveAndRoute,
    },
    LazyTerminus,
    HealthProbeService,
    HealthProbeRoutes,
    HealthManagementServer,
  ],
  exports: [HealthProbeService, HealthManagementServer],
})
export class BallastHealthModule extends HealthConfigurableModuleClass {
  /** Registers the probes with options known up front. */
  static forRoot(options: typeof HEALTH_OPTIONS_TYPE = {}): DynamicModule {
    return withController(super.forRoot(options));
  }

  /** Registers the probes with options from a factory, a class or an existing provider (e.g. `ConfigService`). */
  static forRootAsync(options: typeof HEALTH_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withController(super.forRootAsync(options));
  }
}

// One controller class per registration: its path comes from that registration's options.
function withController(definition: DynamicModule): DynamicModule {
  const controller = createHealthController();
  return {
    ...definition,
    controllers: [...(definition.controllers ?? []), controller],
    providers: [...(definition.providers ?? []), { provide: HEALTH_CONTROLLER_CLASS, useValue: controller }],
  };
}
