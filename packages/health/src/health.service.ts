import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
  Optional,
  ServiceUnavailableException,
  type Type,
} from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { contributorChecks, discoverContributors } from './health.contributors.js';
import { REASONS, RESOLVED_HEALTH_OPTIONS, SHUTDOWN_STATE } from './health.constants.js';
import { BallastHealthError, indicatorUnresolved, TERMINUS_UNAVAILABLE } from './health.errors.js';
import type { BallastHealthContributor, BallastHealthIndicator, ShutdownState } from './health.check-types.js';
import type { ResolvedHealthOptions, ResolvedIndicator } from './health.options.resolved.js';
import { databaseCheck } from './indicators/database.indicator.js';
import { diskCheck } from './indicators/disk.indicator.js';
import { HealthGauges, trackHealth, untrackHealth } from './health.telemetry.js';
import { EventLoopDelayMonitor } from './indicators/event-loop-delay.js';
import { builtIn, memoryChecks } from './indicators/memory.indicator.js';
import { CheckStateLog } from './probe/check-state-log.js';
import { type HealthProbeResponse, lifecycle, probeFailure, settle, withDegraded } from './probe/probe-body.js';
import { type ProbeCheck, redact, runChecks } from './probe/probe-runner.js';
import { LazyTerminus } from './terminus/lazy-terminus.js';

export type { HealthProbeResponse } from './probe/probe-body.js';

/** Which probe: the route `GET /<path>/<probe>`. */
export type HealthProbe = 'live' | 'ready' | 'startup';

/**
 * Runs the liveness, readiness and startup probes on terminus's `HealthCheckService`. The routes call it; you can
 * too (e.g. to log readiness at startup). Never throws: every failure is a 503 with terminus's result shape.
 */
@Injectable()
export class HealthProbeService
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  private readonly logger = new Logger('BallastHealth');
  private readonly eventLoop = new EventLoopDelayMonitor();
  private instances = new Map<ResolvedIndicator, BallastHealthIndicator>();
  private contributors: BallastHealthContributor[] = [];
  private readinessChecks: ProbeCheck[] = [];
  private closing = false;
  private initialised = false;
  private readonly stateLog = new CheckStateLog(this.logger);
  /** What the health gauges report (`ballast.health.check.status`, `ballast.health.probe.state`). */
  private readonly gauges = new HealthGauges(() => this.shuttingDown);

  constructor(
    private readonly terminus: LazyTerminus,
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_HEALTH_OPTIONS) readonly options: ResolvedHealthOptions,
    @Optional() @Inject(SHUTDOWN_STATE) private shutdownState?: ShutdownState,
  ) {}

  async onModuleInit(): Promise<void> {
    const { liveness, readiness, startup } = this.options;
    for (const indicator of [...liveness.indicators, ...readiness.indicators, ...(startup ? startup.indicators : [])]) {
      this.instances.set(indicator, await this.instantiate(indicator));
    }
    // The shutdown state is usually global; when it is not visible here, look it up app-wide.
    this.shutdownState ??= this.lookup<ShutdownState>(SHUTDOWN_STATE);
    if (liveness.eventLoopDelayMs !== false) {
      this.eventLoop.start();
      // Bootstrap blocks the loop for a while (module loading, DI, route registration): not a liveness problem.
      // Start the first window when the server listens, whoever calls listen() (Nest, supertest, a test harness).
      const server = this.httpServer();
      if (server) server.once('listening', () => this.eventLoop.reset());
      else this.adapterHost.listen$?.subscribe(() => this.eventLoop.reset());
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    // Which defaults the runtime mode chose, and why (nothing when the app set them).
    for (const line of this.options.derivedDefaults) this.logger.log(line);
    if (this.options.readiness.contributors) this.contributors = discoverContributors(this.discovery);
    this.readinessChecks = await this.buildReadinessChecks();
    this.initialised = true;
    trackHealth(this.gauges);
  }

  /** Readiness fails from the first instant of `app.close()`, even without @ballast/shutdown. */
  onModuleDestroy(): void {
    this.closing = true;
  }

  onApplicationShutdown(): void {
    this.eventLoop.stop();
    untrackHealth(this.gauges);
  }

  /**
   * True once the app is initialised and its HTTP server listens, whoever called `listen()`: Nest's `app.listen()`
   * (`HttpAdapterHost.listening`), or anything that listens on `app.getHttpServer()` itself, as supertest does in
   * the e2e tests of Nest CLI apps.
   */
  get listening(): boolean {
    if (!this.initialised) return false;
    return this.adapterHost.listening === true || this.httpServer()?.listening === true;
  }

  /** True from the first instant of shutdown (@ballast/shutdown's state, or `app.close()` having begun). */
  get shuttingDown(): boolean {
    return this.closing || this.shutdownState?.isShuttingDown === true;
  }

  /** Runs one probe. */
  async probe(probe: HealthProbe): Promise<HealthProbeResponse> {
    try {
      if (probe === 'live') return await this.live();
      if (probe === 'ready') return await this.ready();
      return await this.startup();
    } catch (error) {
      // A broken install (terminus missing) would otherwise show only as 503s: say why, on every probe.
      if (error instanceof BallastHealthError && error.code === TERMINUS_UNAVAILABLE) this.logger.error(error.message);
      return probeFailure(error, this.options.exposeDetails);
    }
  }

  /** Liveness: the process itself (heap, RSS, event loop, your liveness indicators). Unaffected by shutdown. */
  async live(): Promise<HealthProbeResponse> {
    const { liveness, timeoutMs } = this.options;
    const checks = memoryChecks((await this.terminus.load()).memory, liveness, timeoutMs);
    if (liveness.eventLoopDelayMs !== false) {
      const limit = liveness.eventLoopDelayMs;
      checks.push(builtIn('event_loop', timeoutMs, () => this.eventLoop.check(limit)));
    }
    checks.push(...liveness.indicators.map((indicator) => this.custom(indicator)));
    const response = await this.execute('live', checks);
    // terminus marks every result `shutting_down` once Nest's shutdown hooks run; liveness must keep
    // answering on its own merits until the listener closes (terminus#2569).
    if (response.body.status === 'shutting_down') return settle(response.body);
    return response;
  }

  /** Readiness: 503 until the app is initialised and listens, and while shutting down; otherwise the dependencies. */
  async ready(): Promise<HealthProbeResponse> {
    if (this.shuttingDown) return this.notRunning('ready', lifecycle('shutting_down', REASONS.shuttingDown));
    if (!this.listening) return this.notRunning('ready', lifecycle('error', REASONS.notListening));
    return this.execute('ready', [...this.readinessChecks, ...contributorChecks(this.contributors, this.options)]);
  }

  /** Startup: 503 until the app is initialised and listens, and the startup indicators pass. */
  async startup(): Promise<HealthProbeResponse> {
    if (!this.listening) return this.notRunning('startup', lifecycle('error', REASONS.notListening));
    const indicators = this.options.startup ? this.options.startup.indicators : [];
    return this.execute(
      'startup',
      indicators.map((indicator) => this.custom(indicator)),
    );
  }

  private async execute(probe: HealthProbe, checks: ProbeCheck[]): Promise<HealthProbeResponse> {
    const { budgetMs, exposeDetails } = this.options;
    const { indicators, healthCheck } = await this.terminus.load();
    const results = await runChecks(indicators, checks, { probe, budgetMs });
    this.stateLog.record(probe, results);
    const checkStates = results.flatMap((result) =>
      Object.entries(result).map(([name, entry]): [string, boolean] => [name, entry.status === 'up']),
    );
    let response: HealthProbeResponse;
    try {
      // terminus aggregates (its failure log is muted: CheckStateLog logs changes); we only choose what the body shows. (The
      // cast: terminus 11's result type has no `degraded`.)
      const body = await healthCheck.check(results.map((result) => () => result as HealthIndicatorResult));
      response = { status: 200, body: withDegraded(body as HealthProbeResponse['body'], results) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response = { status: 503, body: withDegraded(error.getResponse() as HealthProbeResponse['body'], results) };
    }
    this.gauges.record(probe, checkStates, response.status === 200);
    return exposeDetails ? response : { status: response.status, body: redact(response.body) };
  }

  /** A probe answered without running its checks (not listening yet, shutting down): failing on the gauge. */
  private notRunning(probe: HealthProbe, response: HealthProbeResponse): HealthProbeResponse {
    this.gauges.record(probe, [], false);
    return response;
  }

  private custom(indicator: ResolvedIndicator): ProbeCheck {
    const instance = this.instances.get(indicator)!;
    return { ...indicator, run: (signal) => instance.check({ signal }) };
  }

  private async buildReadinessChecks(): Promise<ProbeCheck[]> {
    const { readiness } = this.options;
    const checks: ProbeCheck[] = [];
    const { database, disk } = readiness;
    // These resolve terminus's indicators now, so that a database the app lacks fails the start, not every probe.
    if (database) checks.push(await databaseCheck(await this.terminus.load(), database));
    if (disk) checks.push(await diskCheck(await this.terminus.load(), disk));
    checks.push(...readiness.indicators.map((indicator) => this.custom(indicator)));
    // Overrides by name apply to every readiness check, built-in and custom alike.
    return checks.map((check) => ({ ...check, ...readiness.overrides[check.name] }));
  }

  private async instantiate(indicator: ResolvedIndicator): Promise<BallastHealthIndicator> {
    const use = indicator.use;
    if (typeof use !== 'function') return use;
    const existing = this.lookup<BallastHealthIndicator>(use);
    if (existing) return existing;
    try {
      return await this.moduleRef.create(use as Type<BallastHealthIndicator>);
    } catch (error) {
      throw indicatorUnresolved(indicator.name, use.name, error);
    }
  }

  /** The adapter's underlying server (Node's `http.Server` or alike); none in an app without HTTP. */
  private httpServer(): { listening?: boolean; once(event: 'listening', listener: () => void): unknown } | undefined {
    try {
      const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
      return server && typeof (server as { once?: unknown }).once === 'function' ? (server as never) : undefined;
    } catch {
      return undefined;
    }
  }

  private lookup<T>(token: string | Type<unknown>): T | undefined {
    try {
      return this.moduleRef.get<T>(token as never, { strict: false });
    } catch {
      return undefined;
    }
  }
}
