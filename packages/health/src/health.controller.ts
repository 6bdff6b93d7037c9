import { Controller, Get, Inject, Res, Type, VERSION_NEUTRAL } from '@nestjs/common';
import { PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants.js';
import { HttpAdapterHost } from '@nestjs/core';
import { type HealthProbe, HealthProbeService } from './health.service.js';

/**
 * Creates the probe controller of one module registration. Its path is only known once the options are resolved
 * (forRootAsync), so each registration gets its own class and {@link setHealthControllerPath} sets the path before
 * Nest registers routes (at `app.init()`, after every provider exists).
 * @internal
 */
export function createHealthController(): Type<unknown> {
  @Controller()
  class BallastHealthController {
    constructor(
      @Inject(HealthProbeService) private readonly probes: HealthProbeService,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    @Get('live')
    live(@Res() response: unknown): Promise<void> {
      return this.answer('live', response);
    }

    @Get('ready')
    ready(@Res() response: unknown): Promise<void> {
      return this.answer('ready', response);
    }

    @Get('startup')
    startup(@Res() response: unknown): Promise<void> {
      if (this.probes.options.startup === false) {
        return this.reply(response, 404, { statusCode: 404, message: 'startup probe is not enabled' });
      }
      return this.answer('startup', response);
    }

    // Replies through the adapter, not through exception filters or interceptors: the body keeps terminus's shape
    // whatever global filter the app installs, and no cache interceptor sees it.
    private async answer(probe: HealthProbe, response: unknown): Promise<void> {
      const { status, body } = await this.probes.probe(probe);
      return this.reply(response, status, body);
    }

    private async reply(response: unknown, status: number, body: unknown): Promise<void> {
      const adapter = this.adapterHost.httpAdapter;
      adapter.setHeader(response, 'Cache-Control', 'no-store');
      adapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
      adapter.reply(response, JSON.stringify(body), status);
    }
  }
  return BallastHealthController;
}

const CACHE_HTTP_METADATA = 'ballast:cache:http';

/** Sets the route path (and version neutrality) of a controller made by {@link createHealthController}. @internal */
export function setHealthControllerPath(controller: Type<unknown>, path: string): void {
  Reflect.defineMetadata(PATH_METADATA, path, controller);
  // Probes must not move when the app enables URI/header versioning.
  Reflect.defineMetadata(VERSION_METADATA, VERSION_NEUTRAL, controller);
  // @ballast/cache's HTTP interceptor skips routes marked so (it also skips /health by default; this covers a custom
  // path). A plain metadata string, so this package does not import @ballast/cache.
  Reflect.defineMetadata(CACHE_HTTP_METADATA, { enabled: false }, controller);
}
