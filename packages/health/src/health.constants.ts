/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_HEALTH_OPTIONS = 'BALLAST_HEALTH_RESOLVED_OPTIONS';

/** Token of the controller class created for one module registration (its path is set at runtime). @internal */
export const HEALTH_CONTROLLER_CLASS = 'BALLAST_HEALTH_CONTROLLER_CLASS';

// The shutdown state's token (read without importing @ballast/shutdown) and the pattern of contributor tokens: the
// contracts in docs/contracts.md, defined once in the kernel.
export { HEALTH_CONTRIBUTORS_TOKEN_PATTERN, SHUTDOWN_STATE } from '@ballast/kernel';

/** @internal */
export const DEFAULTS = {
  path: 'health',
  timeoutMs: 1_000,
  budgetMs: 2_000,
  eventLoopDelayMs: 1_000,
  diskThresholdPercent: 0.95,
} as const;

/** Short reasons shown next to a failing check, also when details are hidden. */
export const REASONS = {
  /** The check exceeded its own timeout, or the probe budget ran out first. */
  timeout: 'timeout',
  /** The check threw. */
  error: 'error',
  /** The check answered `{ up: false }`. */
  down: 'reported-down',
  /** Readiness before the HTTP server listens. */
  notListening: 'not-listening',
  /** Readiness from the first instant of shutdown. */
  shuttingDown: 'shutting-down',
} as const;
