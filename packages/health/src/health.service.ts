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
import {
  DiskHealthIndicator,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
  MemoryHealthIndicator,
  PrismaHealthIndicator,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import {
  HEALTH_CONTRIBUTORS_TOKEN_PATTERN,
  REASONS,
  RESOLVED_HEALTH_OPTIONS,
  SHUTDOWN_STATE,
} from './health.constants.js';
import { databasePingFailed, indicatorUnresolved, prismaUnavailable, typeormUnavailable } from './health.errors.js';
import type {
  BallastHealthContributor,
  BallastHealthIndicator,
  HealthCheckOutcome,
  ResolvedHealthOptions,
  ResolvedIndicator,
  ShutdownState,
} from './health.options.js';
import { EventLoopDelayMonitor } from './indicators/event-loop-delay.js';
import { type ProbeCheck, type ProbeResult, redact, runChecks } from './probe/probe-runner.js';

/** Which probe: the route `GET /<path>/<probe>`. */
export type HealthProbe = 'live' | 'ready' | 'startup';

/** What a probe answers: the HTTP status and terminus's result body. */
export interface HealthProbeResponse {
  status: 200 | 503;
  /**
   * terminus's `HealthCheckResult`. A non-critical check that fails is a `degraded` entry (in `info` and `details`)
   * and makes the status `degraded` unless something failed: terminus 12 does this, and ballast does it on terminus 11.
   */
  body: {
    status: 'ok' | 'degraded' | 'error' | 'shutting_down';
    info?: ProbeResult;
    error?: ProbeResult;
    details: ProbeResult;
  };
}

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
  /** Last status of each check, by `probe:name`: a line is logged only when it changes. */
  private readonly states = new Map<string, 'up' | 'degraded' | 'down'>();

  constructor(
    private readonly healthCheck: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly memory: MemoryHealthIndicator,
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
    if (this.options.readiness.contributors) this.contributors = this.discoverContributors();
    this.readinessChecks = await this.buildReadinessChecks();
    this.initialised = true;
  }

  /** Readiness fails from the first instant of `app.close()`, even without @ballast/shutdown. */
  onModuleDestroy(): void {
    this.closing = true;
  }

  onApplicationShutdown(): void {
    this.eventLoop.stop();
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
      // A bug of ours must not turn into a 500 (or into a restart loop): report it as a failed probe.
      const message = error instanceof Error ? error.message : String(error);
      const entry = {
        probe: { status: 'down' as const, reason: REASONS.error, ...(this.options.exposeDetails && { message }) },
      };
      return { status: 503, body: { status: 'error', info: {}, error: entry, details: entry } };
    }
  }

  /** Liveness: the process itself (heap, RSS, event loop, your liveness indicators). Unaffected by shutdown. */
  async live(): Promise<HealthProbeResponse> {
    const { liveness, timeoutMs } = this.options;
    const checks: ProbeCheck[] = [];
    if (liveness.heapUsedBytes !== false) {
      const limit = liveness.heapUsedBytes;
      checks.push(
        this.builtIn('memory_heap', timeoutMs, async () =>
          fromTerminus(await this.memory.checkHeap('heap', limit), limit),
        ),
      );
    }
    if (liveness.rssBytes !== false) {
      const limit = liveness.rssBytes;
      checks.push(
        this.builtIn('memory_rss', timeoutMs, async () =>
          fromTerminus(await this.memory.checkRSS('rss', limit), limit),
        ),
      );
    }
    if (liveness.eventLoopDelayMs !== false) {
      const limit = liveness.eventLoopDelayMs;
      checks.push(this.builtIn('event_loop', timeoutMs, () => this.eventLoop.check(limit)));
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
    if (this.shuttingDown) return lifecycle('shutting_down', REASONS.shuttingDown);
    if (!this.listening) return lifecycle('error', REASONS.notListening);
    return this.execute('ready', [...this.readinessChecks, ...this.contributorChecks()]);
  }

  /** Startup: 503 until the app is initialised and listens, and the startup indicators pass. */
  async startup(): Promise<HealthProbeResponse> {
    if (!this.listening) return lifecycle('error', REASONS.notListening);
    const indicators = this.options.startup ? this.options.startup.indicators : [];
    return this.execute(
      'startup',
      indicators.map((indicator) => this.custom(indicator)),
    );
  }

  private async execute(probe: HealthProbe, checks: ProbeCheck[]): Promise<HealthProbeResponse> {
    const { budgetMs, exposeDetails } = this.options;
    const results = await runChecks(this.indicators, checks, { probe, budgetMs });
    this.logChanges(probe, results);
    let response: HealthProbeResponse;
    try {
      // terminus aggregates (its failure log is muted: see logChanges); we only choose what the body shows. (The
      // cast: terminus 11's result type has no `degraded`.)
      const body = await this.healthCheck.check(results.map((result) => () => result as HealthIndicatorResult));
      response = { status: 200, body: withDegraded(body as HealthProbeResponse['body'], results) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response = { status: 503, body: withDegraded(error.getResponse() as HealthProbeResponse['body'], results) };
    }
    return exposeDetails ? response : { status: response.status, body: redact(response.body) };
  }

  /**
   * One line per state change of a check, with its name, reason, message and details as fields (objects, so
   * @ballast/logger writes them as fields): `down` at error level, `degraded` at warn, back `up` at log. Repeated
   * failures log nothing; a check that is up from the start logs nothing either.
   */
  private logChanges(probe: HealthProbe, results: ProbeResult[]): void {
    for (const [check, entry] of results.flatMap((result) => Object.entries(result))) {
      const key = `${probe}:${check}`;
      const previous = this.states.get(key) ?? 'up';
      const { status, reason, message, responseTime: _time, cachedResponse: _cached, ...details } = entry;
      this.states.set(key, status);
      if (status === previous) continue;
      if (status === 'up') {
        this.logger.log({ msg: `health check ${check} is up again`, probe, check, status, previous });
        continue;
      }
      const fields = {
        msg: `health check ${check} is ${status}`,
        probe,
        check,
        status,
        ...(reason !== undefined && { reason }),
        ...(message !== undefined && { message }),
        ...(Object.keys(details).length > 0 && { details }),
      };
      if (status === 'down') this.logger.error(fields);
      else this.logger.warn(fields);
    }
  }

  private builtIn(name: string, timeoutMs: number, run: ProbeCheck['run']): ProbeCheck {
    return { name, critical: true, timeoutMs, cacheMs: 0, run };
  }

  private custom(indicator: ResolvedIndicator): ProbeCheck {
    const instance = this.instances.get(indicator)!;
    return { ...indicator, run: (signal) => instance.check({ signal }) };
  }

  private contributorChecks(): ProbeCheck[] {
    const { timeoutMs, cacheMs, readiness } = this.options;
    return this.contributors.map((contributor) => ({
      name: contributor.name,
      critical: contributor.critical !== false,
      timeoutMs,
      cacheMs,
      ...readiness.overrides[contributor.name],
      run: () => contributor.check(),
    }));
  }

  private async buildReadinessChecks(): Promise<ProbeCheck[]> {
    const { readiness } = this.options;
    const checks: ProbeCheck[] = [];
    const { database, disk } = readiness;
    if (database) {
      // Inner terminus timeout above ours: our attempt's timeout is the one that reports `timeout`.
      const inner = database.timeoutMs + 1_000;
      let ping: () => PromiseLike<HealthIndicatorResult>;
      if (database.kind === 'typeorm') {
        const typeorm = await this.moduleRef.resolve(TypeOrmHealthIndicator, undefined, { strict: false });
        const connection = database.connection;
        if (!connection) await assertDefaultDataSource(typeorm);
        ping = () => typeorm.pingCheck('db', { ...(connection && { connection }), timeout: inner });
      } else {
        const client = database.client as Record<string, unknown>;
        if (typeof client.$queryRawUnsafe !== 'function' && typeof client.$runCommandRaw !== 'function') {
          throw prismaUnavailable();
        }
        const prisma = await this.moduleRef.resolve(PrismaHealthIndicator, undefined, { strict: false });
        ping = () => prisma.pingCheck('db', database.client as never, { timeout: inner });
      }
      checks.push({
        name: database.name,
        critical: database.critical,
        timeoutMs: database.timeoutMs,
        cacheMs: database.cacheMs,
        run: async () => {
          const { status, message } = (await ping()).db;
          // A failed ping is an error (with its message), not a reported state.
          if (status !== 'up') throw databasePingFailed(message);
        },
      });
    }
    if (disk) {
      const terminusDisk = await this.moduleRef.resolve(DiskHealthIndicator, undefined, { strict: false });
      checks.push({
        name: 'disk',
        ...disk,
        run: async () =>
          fromTerminus(
            await terminusDisk.checkStorage('disk', { path: disk.path, thresholdPercent: disk.thresholdPercent }),
            disk.thresholdPercent,
          ),
      });
    }
    checks.push(...readiness.indicators.map((indicator) => this.custom(indicator)));
    // Overrides by name apply to every readiness check, built-in and custom alike.
    return checks.map((check) => ({ ...check, ...readiness.overrides[check.name] }));
  }

  private discoverContributors(): BallastHealthContributor[] {
    const found = new Set<BallastHealthContributor>();
    for (const wrapper of this.discovery.getProviders()) {
      if (typeof wrapper.token !== 'string' || !HEALTH_CONTRIBUTORS_TOKEN_PATTERN.test(wrapper.token)) continue;
      const value: unknown = wrapper.instance;
      if (!Array.isArray(value)) continue;
      for (const contributor of value as BallastHealthContributor[]) {
        if (contributor && typeof contributor.name === 'string' && typeof contributor.check === 'function') {
          found.add(contributor);
        }
      }
    }
    // A global module's provider is seen once per module that lists it: same objects, kept once.
    return [...found];
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

/**
 * Without `connection`, terminus pings the app's default TypeORM DataSource, looked up on every probe: with none (no
 * `TypeOrmModule.forRoot`), every probe would fail forever. Fail at startup instead. terminus 11 and 12 both have this
 * (private) lookup; were it gone, the probe reports the problem as before.
 */
async function assertDefaultDataSource(typeorm: TypeOrmHealthIndicator): Promise<void> {
  const lookup = (typeorm as unknown as { getContextConnection?: () => unknown }).getContextConnection;
  if (typeof lookup !== 'function') return;
  let found: unknown;
  try {
    found = await lookup.call(typeorm);
  } catch (error) {
    throw typeormUnavailable(error);
  }
  if (!found) throw typeormUnavailable();
}

/** A terminus indicator result (`{ key: { status, ...data } }`) as our outcome. */
function fromTerminus(result: HealthIndicatorResult, limit: number): HealthCheckOutcome {
  const [entry] = Object.values(result);
  const { status, ...details } = entry ?? { status: 'down' };
  return { up: status === 'up', details: { ...details, limit } };
}

function lifecycle(status: 'error' | 'shutting_down', reason: string): HealthProbeResponse {
  const entry = { lifecycle: { status: 'down' as const, reason } };
  return { status: 503, body: { status, info: {}, error: entry, details: entry } };
}

/**
 * terminus 12 counts `degraded` entries as info and answers `degraded` when nothing failed. terminus 11 knows only
 * `up` and `down`: it leaves such entries out of the body and answers `ok`. This puts them back where terminus 12 has
 * them (and returns terminus 12's body as it is).
 */
function withDegraded(body: HealthProbeResponse['body'], results: ProbeResult[]): HealthProbeResponse['body'] {
  const entries = results.flatMap((result) => Object.entries(result));
  const missing = entries.some(([key, entry]) => entry.status === 'degraded' && !(key in body.details));
  if (!missing) return body;
  const info = Object.fromEntries(entries.filter(([, entry]) => entry.status !== 'down'));
  const error = Object.fromEntries(entries.filter(([, entry]) => entry.status === 'down'));
  const status = body.status === 'ok' ? 'degraded' : body.status;
  return { status, info, error, details: { ...info, ...error } };
}

/** Re-derives a result's status from its entries (for liveness during Nest's shutdown hooks). */
function settle(body: HealthProbeResponse['body']): HealthProbeResponse {
  const entries = Object.values(body.details);
  const failed = entries.some((entry) => entry.status === 'down');
  const degraded = entries.some((entry) => entry.status === 'degraded');
  const status = failed ? 'error' : degraded ? 'degraded' : 'ok';
  return { status: failed ? 503 : 200, body: { ...body, status } };
}
