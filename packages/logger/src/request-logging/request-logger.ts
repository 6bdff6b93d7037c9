import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { LoggerCore } from '../logger.core.js';
import { installFastifyHooks } from './fastify-hooks.js';
import { installNodeHooks } from './node-hooks.js';
import { RequestLineWriter } from './request-line.js';

const NO_REQUEST_LINES = { ignores: () => true, query: false };

/**
 * Installs the one-line-per-request log and the HTTP server metrics on the app's HTTP adapter (Express or Fastify),
 * through `HttpAdapterHost`.
 * Nothing happens in an application context without HTTP. @internal
 */
@Injectable()
export class RequestLogger implements OnModuleInit, OnApplicationShutdown {
  private uninstall: (() => void) | undefined;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(LoggerCore) private readonly core: LoggerCore,
  ) {}

  onModuleInit(): void {
    // With request lines off the hooks still run, for the HTTP metrics (no-ops while no meter provider is registered).
    const settings = this.core.options.requestLogging || NO_REQUEST_LINES;
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter === undefined || adapter === null) return;
    const writer = new RequestLineWriter(this.core.pino, settings, this.core.options.redact);
    const server = adapter.getHttpServer() as Server | undefined;
    if (adapter.getType() === 'fastify') {
      try {
        this.uninstall = installFastifyHooks(adapter.getInstance(), writer, server);
        return;
      } catch {
        // Fastify refuses hooks once it has booted (something called ready() before us): fall back to the raw
        // server's events below, which give the same line without the route template.
      }
    }
    if (server !== undefined && typeof server.prependListener === 'function') {
      this.uninstall = installNodeHooks(server, writer);
    }
  }

  onApplicationShutdown(): void {
    this.uninstall?.();
    this.uninstall = undefined;
  }
}
