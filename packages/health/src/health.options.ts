import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuntimeMode } from '@ballast/context';
import type {
  DiskCheck,
  HealthCheckSettings,
  HealthIndicatorRegistration,
  PrismaDatabaseCheck,
  TypeOrmDatabaseCheck,
} from './health.check-types.js';

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

/**
 * A handler that answers `GET /metrics` on the management port, e.g. the OpenTelemetry Prometheus exporter's
 * (`(req, res) => exporter.getMetricsRequestHandler(req, res)`: a method, so bind it to the exporter).
 */
export type MetricsRequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A second HTTP server (plain `node:http`) on its own port for the probes and, optionally, `/metrics`. Neither the
 * app's guards, interceptors, middleware, global prefix nor versioning apply to it, and it keeps answering during
 * the whole shutdown (readiness 503 from its first instant, liveness on its own merits) until the app's
 * `onApplicationShutdown`.
 */
export interface ManagementOptions {
  /**
   * Port of the management server, e.g. `9464`. `0` lets the system pick a free port (tests: read it from
   * `app.get(HealthManagementServer).port`).
   */
  port: number;
  /**
   * Address the management server listens on, e.g. `'127.0.0.1'` to keep it off the network.
   * @default undefined (every interface, as Node's `server.listen(port)`)
   */
  host?: string;
  /**
   * Serves `GET /metrics` with this handler (e.g. the OTel Prometheus exporter's `getMetricsRequestHandler`, bound).
   * @default undefined (`/metrics` answers 404)
   */
  metrics?: MetricsRequestHandler;
  /**
   * Keep serving the probes on the app's own port too; `false` serves them only on the management port.
   * @default true
   */
  probesOnMainPort?: boolean;
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
  /**
   * Serve the probes (at the same `path`) and, with `metrics`, `GET /metrics` on a port of their own.
   * @default undefined (no management server: the probes are on the app's port only)
   */
  management?: ManagementOptions;
}
