/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_SHUTDOWN_OPTIONS = 'BALLAST_SHUTDOWN_RESOLVED_OPTIONS';

/**
 * Token of the shutdown state ({@link ShutdownState}): `isShuttingDown` and `onShutdown(listener)`.
 * Other packages (e.g. `@ballast/health` for readiness) inject it with `@Optional() @Inject('BALLAST_SHUTDOWN_STATE')`
 * without importing this package.
 */
export const SHUTDOWN_STATE = 'BALLAST_SHUTDOWN_STATE';

/** Token under which `@ballast/logger` provides `{ flush(): Promise<void> }`; called right before the exit. @internal */
export const LOGGER_FLUSH = 'BALLAST_LOGGER_FLUSH';

/** Metadata key of `@BeforeShutdown()`. @internal */
export const BEFORE_SHUTDOWN_METADATA = 'ballast:shutdown:before-shutdown';

/** @internal */
export const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
/** @internal */
export const DEFAULT_PRODUCTION_READINESS_DELAY_MS = 5_000;
/** @internal */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
/** @internal */
export const DEFAULT_HOOK_TIMEOUT_MS = 5_000;
/** @internal */
export const DEFAULT_TIMEOUT_MS = 25_000;
/** How long the final logger flush may take before the process exits anyway. @internal */
export const LOGGER_FLUSH_TIMEOUT_MS = 1_000;
/** Logger context of this package. @internal */
export const LOG_CONTEXT = 'BallastShutdown';
