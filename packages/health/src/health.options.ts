import type { RuntimeMode } from '@ballast/context';
import type { Type } from '@nestjs/common';

/**
 * What a check reports when it does not throw. Throwing (or timing out) means "down" too.
 * `details` are shown only when `exposeDetails` is on.
 */
export interface HealthCheckOutcome {
  up: boolean;
  details?: Record<string, unknown>;
}

/**
 * A custom indicator: a class (or object) with one method. Return `{ up, details? }` (or a boolean, or nothing for
 * "up"); throw for "down". The `signal` aborts when the check's timeout or the probe budget is reached.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class PaymentsApiIndicator implements BallastHealthIndicator {
 *   async check({ signal }: { signal: AbortSignal }) {
 *     const res = await fetch('http://payments/ping', { signal });
 *     return { up: res.ok, details: { status: res.status } };
 *   }
 * }
 * ```
 */
export interface BallastHealthIndicator {
  check(context: {
    signal: AbortSignal;
  }): Promise<HealthCheckOutcome | boolean | void> | HealthCheckOutcome | boolean | void;
}

/**
 * A health check contributed by another package under a token matching `/^BALLAST_[A-Z_]+_HEALTH_CONTRIBUTORS$/`
 * (e.g. `BALLAST_CACHE_HEALTH_CONTRIBUTORS` from @ballast/cache), discovered and run in readiness; and the shape of
 * `BALLAST_SHUTDOWN_STATE` (@ballast/shutdown), read without importing that package. See docs/contracts.md.
 */
export type { HealthContributor as BallastHealthContributor, ShutdownState } from '@ballast/kernel';

/** Per-check settings, shared by custom indicators, the database check and contributor overrides. */
export interface HealthCheckSettings {
  /**
   * A critical check that fails makes the probe fail (503); a non-critical one is reported `degraded` (200).
   * @default true (contributors: what the contributing package says)
   */
  critical?: boolean;
  /**
   * Time allowed to this check, in ms. Past it the check is `down` with reason `timeout`.
   * @default the module's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * Reuse this check's last outcome for this many ms (0 = run on every probe), so frequent probes do not hammer
   * an expensive dependency. Concurrent probes share one in-flight run. Cached entries carry `cachedResponse: true`.
   * @default the module's `cacheMs`
   */
  cacheMs?: number;
}

/** A custom indicator registered by the user. */
export interface HealthIndicatorRegistration extends HealthCheckSettings {
  /** Result key, e.g. `redis`. Must be unique within the probe. */
  name: string;
  /**
   * The indicator: an object with `check()`, or a class. A class is taken from the application's container when it
   * is a provider somewhere, or else instantiated by Nest with its dependencies injected.
   */
  use: BallastHealthIndicator | Type<BallastHealthIndicator>;
}

/** A TypeORM `DataSource` (structural, so @ballast/health does not depend on typeorm). */
export interface TypeOrmDataSourceLike {
  options: { type: string };
  query(sql: string): Promise<unknown>;
}

/** Database check through terminus's `TypeOrmHealthIndicator` (needs `@nestjs/typeorm` and `typeorm`). */
export interface TypeOrmDatabaseCheck extends HealthCheckSettings {
  kind: 'typeorm';
  /**
   * The DataSource to ping. Omitted: the default DataSource registered by `TypeOrmModule`.
   * @default the app's default TypeORM DataSource
   */
  connection?: TypeOrmDataSourceLike;
  /**
   * Result key.
   * @default 'database'
   */
  name?: string;
}

/** Database check through terminus's `PrismaHealthIndicator`, with your Prisma client. */
export interface PrismaDatabaseCheck extends HealthCheckSettings {
  kind: 'prisma';
  /** Your `PrismaClient` instance (or any object with `$queryRawUnsafe` / `$runCommandRaw`). */
  client: object;
  /**
   * Result key.
   * @default 'database'
   */
  name?: string;
}

/** Free-space check through terminus's `DiskHealthIndicator`. */
export interface DiskCheck extends HealthCheckSettings {
  /**
   * The path whose file system is checked.
   * @default '/'
   */
  path?: string;
  /**
   * Fail when more than this fraction of the disk is used (0..1).
   * @default 0.95
   */
  thresholdPercent?: number;
}

/** What `GET /<path>/live` checks: the process itself, never its dependencies. */
export interface LivenessOptions {
  /**
   * Fail when the used V8 heap exceeds this many bytes; `false` turns the check off.
   * @default 90% of V8's heap size limit (`v8.getHeapStatistics().heap_size_limit`)
   */
  heapUsedBytes?: number | false;
  /**
   * Fail when the resident set size exceeds this many bytes; `false` turns the check off.
   * @default false
   */
  rssBytes?: number | false;
  /**
   * Fail when the event loop's p99 delay since the previous probe exceeds this many ms
   * (`perf_hooks.monitorEventLoopDelay`); `false` turns the check off.
   * @default 1000
   */
  eventLoopDelayMs?: number | false;
  /**
   * Extra indicators for liveness. Keep them about the process: a dependency here gets healthy pods restarted.
   * @default []
   */
  indicators?: HealthIndicatorRegistration[];
}

/** What `GET /<path>/ready` checks: dependencies and lifecycle. */
export interface ReadinessOptions {
  /**
   * A database check through terminus (critical unless `critical: false`).
   * @default undefined (no database check)
   */
  database?: TypeOrmDatabaseCheck | PrismaDatabaseCheck;
  /**
   * A disk-space check; `true` uses the defaults.
   * @default undefined (no disk check)
   */
  disk?: DiskCheck | boolean;
  /**
   * Run the checks other packages contribute under `BALLAST_*_HEALTH_CONTRIBUTORS` tokens (e.g. @ballast/cache).
   * @default true
   */
  contributors?: boolean;
  /**
   * Your own indicators.
   * @default []
   */
  indicators?: HealthIndicatorRegistration[];
  /**
   * Settings by check name, applied over every check's own (e.g. `{ cache: { critical: true } }` to make a
   * contributed check critical).
   * @default {}
   */
  overrides?: Record<string, HealthCheckSettings>;
}

/** What `GET /<path>/startup` checks, when enabled: the app has started listening, and these indicators pass. */
export interface StartupOptions {
  /**
   * Indicators that must pass before the app counts as started (warm-up, migrations...).
   * @default []
   */
  indicators?: HealthIndicatorRegistration[];
}

/** Options of `BallastHealthModule.forRoot()` / `forRootAsync()`. */
export interface HealthModuleOptions {
  /**
   * Base path of the probe routes: `GET /<path>/live`, `/<path>/ready`, `/<path>/startup`.
   * The app's global prefix does not apply to it, unless `routing` is `'nest'`.
   * @default 'health'
   */
  path?: string;
  /**
   * How the probe routes are served.
   * - `'adapter'`: registered on the HTTP adapter (Express or Fastify) beside Nest's router. No global guard,
   *   interceptor, pipe or exception filter runs for a probe; the global prefix and versioning do not move it.
   *   Middleware applies as to any route. Probes always answer, e.g. with an `APP_GUARD` that requires a token.
   * - `'nest'`: an ordinary Nest controller: the global prefix applies in front of `path`, and so do global guards,
   *   interceptors and filters (the probes stay version-neutral). For apps that want to protect or prefix them.
   * @default 'adapter'
   */
  routing?: 'adapter' | 'nest';
  /**
   * Liveness probe settings.
   * @default { heapUsedBytes: 90% of the heap limit, eventLoopDelayMs: 1000 }
   */
  liveness?: LivenessOptions;
  /**
   * Readiness probe settings.
   * @default { contributors: true }
   */
  readiness?: ReadinessOptions;
  /**
   * Serve `GET /<path>/startup` (503 until the app listens and the startup indicators pass); `false` answers 404.
   * @default false
   */
  startup?: StartupOptions | boolean;
  /**
   * Default time allowed to each check, in ms.
   * @default 1000
   */
  timeoutMs?: number;
  /**
   * Time allowed to a whole probe, in ms: any check still running then is reported `down` (reason `timeout`)
   * and the probe answers. Keep it below the orchestrator's probe timeout.
   * @default 2000
   */
  budgetMs?: number;
  /**
   * Include error messages and check details (hostnames, sizes, response times) in probe bodies. Without it,
   * each check shows only its `status` and a short `reason`. When set, it is used as is, whatever the runtime mode.
   * @default true only when the runtime mode is explicitly development or test (`runtimeMode`, or
   * `runtimeModeVariable` holding such a value); false in production, for unknown values, and when nothing is set.
   */
  exposeDetails?: boolean;
  /**
   * Default cache interval of readiness checks, in ms (0 = no caching). Liveness checks are never cached.
   * @default 0
   */
  cacheMs?: number;
  /**
   * The runtime mode, stated by the app: `'production'`, `'development'` or `'test'`. Wins over
   * `runtimeModeVariable`. Only used to choose the default of `exposeDetails` (`resolveRuntimeMode()` of
   * @ballast/context).
   * @default undefined (read `runtimeModeVariable`)
   */
  runtimeMode?: RuntimeMode;
  /**
   * The environment variable that holds the runtime mode, e.g. `'APP_ENV'`. Values: `production`/`prod`,
   * `development`/`dev`/`develop`/`local`, `test`/`testing` (any case); any other value counts as production.
   * @default 'NODE_ENV'
   */
  runtimeModeVariable?: string;
}

/** A check after option resolution. @internal */
export interface ResolvedIndicator {
  name: string;
  use: BallastHealthIndicator | Type<BallastHealthIndicator>;
  critical: boolean;
  timeoutMs: number;
  cacheMs: number;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedHealthOptions {
  path: string;
  routing: 'adapter' | 'nest';
  timeoutMs: number;
  budgetMs: number;
  exposeDetails: boolean;
  cacheMs: number;
  liveness: {
    heapUsedBytes: number | false;
    rssBytes: number | false;
    eventLoopDelayMs: number | false;
    indicators: ResolvedIndicator[];
  };
  readiness: {
    database?: (TypeOrmDatabaseCheck | PrismaDatabaseCheck) & {
      name: string;
      critical: boolean;
      timeoutMs: number;
      cacheMs: number;
    };
    disk?: { path: string; thresholdPercent: number; critical: boolean; timeoutMs: number; cacheMs: number };
    contributors: boolean;
    indicators: ResolvedIndicator[];
    overrides: Record<string, HealthCheckSettings>;
  };
  startup: false | { indicators: ResolvedIndicator[] };
  /** One line per default derived from the runtime mode (`exposeDetails false (why)`), logged at bootstrap. */
  derivedDefaults: string[];
}
