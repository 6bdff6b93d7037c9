import { Injectable, Logger, type LoggerService } from '@nestjs/common';
import { LazyModuleLoader, type ModuleRef } from '@nestjs/core';
import type { HealthCheckService, HealthIndicatorService, MemoryHealthIndicator } from '@nestjs/terminus';
import { terminusUnavailable } from '../health.errors.js';
import { importOptional } from '../import-optional.js';

/** What the probes use from terminus, once it is loaded. @internal */
export interface TerminusHandles {
  readonly healthCheck: HealthCheckService;
  readonly indicators: HealthIndicatorService;
  readonly memory: MemoryHealthIndicator;
  /** The module reference of the loaded TerminusModule: resolves its transient indicators (TypeORM, Prisma, disk). */
  readonly moduleRef: ModuleRef;
  /** The package's exports, for the indicator classes (never imported statically: that would load it at startup). */
  readonly exports: typeof import('@nestjs/terminus');
}

/**
 * terminus's logger, minus its error line on every failed probe (the result JSON inside the message): HealthProbeService
 * logs each check's state changes instead, once, with structured fields. Anything else terminus logs goes through.
 */
class TerminusLogger implements LoggerService {
  private readonly logger = new Logger('HealthCheckService');
  log(message: unknown, ...params: unknown[]): void {
    this.logger.log(message, ...params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(message, ...params);
  }
  error(message: unknown, ...params: unknown[]): void {
    if (typeof message === 'string' && message.startsWith('Health Check has failed!')) return;
    this.logger.error(message, ...params);
  }
}

/**
 * Loads @nestjs/terminus on first use (the first probe, or startup when a database or disk check needs it), with
 * Nest's `LazyModuleLoader`: the package and its module cost tens of milliseconds of cold start that answering the
 * app's first request does not need. Loaded once per app; a failed load is retried on the next use.
 *
 * Lazily loaded modules get no lifecycle hooks, which suits the probes: terminus's own shutdown hook is what marks
 * every check `shutting_down` (terminus#2569), a state ballast had to undo for liveness. @internal
 */
@Injectable()
export class LazyTerminus {
  private loading: Promise<TerminusHandles> | undefined;

  constructor(private readonly lazyModules: LazyModuleLoader) {}

  load(): Promise<TerminusHandles> {
    this.loading ??= this.loadOnce().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<TerminusHandles> {
    let exports: typeof import('@nestjs/terminus');
    try {
      const loaded = await importOptional<typeof import('@nestjs/terminus') & { default?: unknown }>(
        '@nestjs/terminus',
      );
      // A CommonJS terminus imported from ESM may expose its exports on `default` only.
      exports = (loaded.TerminusModule ? loaded : loaded.default) as typeof import('@nestjs/terminus');
    } catch (error) {
      throw terminusUnavailable(error);
    }
    const moduleRef = await this.lazyModules.load(() =>
      exports.TerminusModule.forRoot({ errorLogStyle: 'json', logger: TerminusLogger }),
    );
    return {
      healthCheck: moduleRef.get(exports.HealthCheckService),
      indicators: moduleRef.get(exports.HealthIndicatorService),
      memory: moduleRef.get(exports.MemoryHealthIndicator),
      moduleRef,
      exports,
    };
  }
}
