/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_SHUTDOWN_OPTIONS = 'BALLAST_SHUTDOWN_RESOLVED_OPTIONS';

// Token of the shutdown state ({ isShuttingDown, onShutdown }) and of the logger's flush: the contracts in
// docs/contracts.md, defined once in the kernel.
export { LOGGER_FLUSH, LOGGER_FLUSH_TIMEOUT_MS, SHUTDOWN_STATE } from '@ballast/kernel';

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
/** Logger context of this package. @internal */
export const LOG_CONTEXT = 'BallastShutdown';
