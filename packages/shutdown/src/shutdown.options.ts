import type { RuntimeMode } from '@ballast/context';

/** Options of `BallastShutdownModule.forRoot()` / `forRootAsync()`. */
export interface ShutdownModuleOptions {
  /**
   * Signals that start the shutdown sequence. `[]` handles none: shutdown then only starts through
   * `ShutdownService.shutdown()`.
   * @default ['SIGTERM', 'SIGINT']
   */
  signals?: NodeJS.Signals[];
  /**
   * How long the app keeps serving after the signal, while readiness already fails, so that load balancers and
   * Kubernetes endpoints stop sending new traffic before the server stops accepting connections. Responses sent
   * during this time carry `Connection: close`, so pooled clients move to other pods.
   * Must exceed the time your platform needs to notice the failing readiness (probe period × failure threshold,
   * plus endpoint propagation). When set, it is used as is, whatever the runtime mode.
   * @default 5000 when the runtime mode is production or the app runs in Kubernetes (`KUBERNETES_SERVICE_HOST` set)
   * and the mode is not test; 0 otherwise (development, test, or nothing set outside Kubernetes). See `runtimeMode`.
   */
  readinessDelayMs?: number;
  /**
   * After the readiness delay, the server stops accepting connections and waits this long for in-flight requests to
   * finish (idle keep-alive connections are closed at once, busy ones as soon as their response is sent). Connections
   * still open at the end are destroyed, and their number is logged.
   * @default 10000
   */
  drainTimeoutMs?: number;
  /**
   * Default time each shutdown hook (`@BeforeShutdown()` or `ShutdownService.addHook()`) may take before it is
   * abandoned and reported as failed.
   * @default 5000
   */
  hookTimeoutMs?: number;
  /**
   * Hard deadline of the whole sequence, from the signal to the exit. When it is hit the process exits with
   * `timeoutExitCode`, whatever is still running. Keep it below Kubernetes' `terminationGracePeriodSeconds`.
   * Must be greater than `readinessDelayMs + drainTimeoutMs`.
   * @default 25000
   */
  timeoutMs?: number;
  /**
   * Exit code when everything finished in time.
   * @default 0
   */
  exitCode?: number;
  /**
   * Exit code when a deadline was hit: the hard `timeoutMs`, or `drainTimeoutMs` had to cut open connections.
   * @default 1
   */
  timeoutExitCode?: number;
  /**
   * Exit code when a shutdown hook failed or timed out, or when `app.close()` threw.
   * @default 1
   */
  errorExitCode?: number;
  /**
   * A second signal during shutdown is always logged and never runs anything twice. With `true` it also makes the
   * process exit at once with `timeoutExitCode` (handy for a second Ctrl+C in development).
   * @default false
   */
  forceExitOnSecondSignal?: boolean;
  /**
   * The runtime mode, stated by the app: `'production'`, `'development'` or `'test'`. Wins over
   * `runtimeModeVariable` and Kubernetes detection. Only used to choose the default of `readinessDelayMs`
   * (`resolveRuntimeMode()` of @ballast/context).
   * @default undefined (read `runtimeModeVariable`, then `KUBERNETES_SERVICE_HOST`)
   */
  runtimeMode?: RuntimeMode;
  /**
   * The environment variable that holds the runtime mode, e.g. `'APP_ENV'`. Values: `production`/`prod`,
   * `development`/`dev`/`develop`/`local`, `test`/`testing` (any case); any other value counts as production.
   * @default 'NODE_ENV'
   */
  runtimeModeVariable?: string;
  /**
   * Call `process.exit()` at the end of the sequence. `false` leaves the process alone (for tests that call
   * `ShutdownService.shutdown()` in-process); the result is then only returned.
   * @default true
   */
  exit?: boolean;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedShutdownOptions {
  signals: NodeJS.Signals[];
  readinessDelayMs: number;
  drainTimeoutMs: number;
  hookTimeoutMs: number;
  timeoutMs: number;
  exitCode: number;
  timeoutExitCode: number;
  errorExitCode: number;
  forceExitOnSecondSignal: boolean;
  exit: boolean;
  /** One line per default derived from the runtime mode (`readinessDelayMs 5000 (why)`), logged at bootstrap. */
  derivedDefaults: string[];
}
