import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RESOLVED_HEALTH_OPTIONS } from '../health.constants.js';
import { managementListenFailed } from '../health.errors.js';
import type { ResolvedHealthOptions } from '../health.options.resolved.js';
import { HealthProbeService } from '../health.service.js';
import { managementHandler, managementPaths } from './management-routes.js';

/** How long connections still busy at close (a scrape in flight) may finish before they are cut. */
const CLOSE_GRACE_MS = 1_000;

/**
 * The management server (`management` option): the probes and `/metrics` on a port of their own. It listens once the
 * app is initialised (`app.init()` / `app.listen()`), and closes in `onApplicationShutdown`, after the app's own
 * server has drained and closed, so an orchestrator and Prometheus can watch the whole shutdown. Its socket is
 * unref'd: it never keeps a process alive by itself. Without the option it does nothing.
 */
@Injectable()
export class HealthManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BallastHealth');
  private server?: Server;

  constructor(
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    @Inject(HealthProbeService) private readonly probes: HealthProbeService,
  ) {}

  /** The port the management server listens on (the one the system chose for `port: 0`); undefined when not listening. */
  get port(): number | undefined {
    const address = this.server?.address();
    return address !== null && typeof address === 'object' ? address.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const management = this.options.management;
    if (!management || this.server) return;
    const { port, host, metrics } = management;
    const server = createServer(managementHandler(this.probes, this.options.path, metrics));
    try {
      await listen(server, port, host);
    } catch (error) {
      throw managementListenFailed(port, host, error);
    }
    server.unref();
    server.on('error', (error) => this.logger.error(`management server: ${error.message}`));
    this.server = server;
    const where = `${host ?? '0.0.0.0'}:${this.port}`;
    this.logger.log(`management server on ${where}: ${managementPaths(this.options.path, !!metrics).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await close(server);
  }
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    // Keep-alive connections with no request in flight (Prometheus keeps one open) would hold close() for seconds.
    server.closeIdleConnections();
  });
}
