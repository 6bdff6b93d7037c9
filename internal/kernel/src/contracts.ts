// What the packages share without importing each other: string tokens, metadata keys and the shapes behind them.
// Strings, never classes or symbols, so that two loaded copies (ESM and CJS builds) agree. docs/contracts.md
// documents each one; test/docs/contracts.spec.ts checks that page against this file and that no package spells a
// literal of its own.

/** Token of the shutdown state: provided by @ballast/shutdown, read by @ballast/health (readiness 503). */
export const SHUTDOWN_STATE = 'BALLAST_SHUTDOWN_STATE';

/** What {@link SHUTDOWN_STATE} provides. */
export interface ShutdownState {
  /** True from the first instant of the shutdown (the signal was received), never false again. */
  readonly isShuttingDown: boolean;
  /** Calls `listener` once when the shutdown begins (at once if it already has). Returns an unsubscribe function. */
  onShutdown(listener: () => void): () => void;
}

/** Token of the logger's flush: provided by @ballast/logger, called by @ballast/shutdown right before the exit. */
export const LOGGER_FLUSH = 'BALLAST_LOGGER_FLUSH';

/** What {@link LOGGER_FLUSH} provides. */
export interface LoggerFlush {
  /** Writes out what is buffered; never rejects, and resolves within {@link LOGGER_FLUSH_TIMEOUT_MS}. */
  flush(): Promise<void>;
}

/** The longest a flush takes (a destination that stopped accepting writes), and so the longest shutdown waits for it. */
export const LOGGER_FLUSH_TIMEOUT_MS = 2_000;

/** Route metadata of @ballast/cache's HTTP cache; @ballast/health sets `{ enabled: false }` on its probe controller. */
export const HTTP_CACHE_METADATA = 'ballast:cache:http';

/** Tokens whose providers are arrays of {@link HealthContributor}: @ballast/health runs them in readiness. */
export const HEALTH_CONTRIBUTORS_TOKEN_PATTERN = /^BALLAST_[A-Z_]+_HEALTH_CONTRIBUTORS$/;

/** @ballast/cache's contributors (one per registered cache), under the pattern above. */
export const CACHE_HEALTH_CONTRIBUTORS = 'BALLAST_CACHE_HEALTH_CONTRIBUTORS';

/** One readiness check contributed by another package. */
export interface HealthContributor {
  /** Result key, e.g. `cache` or `cache:sessions`. */
  name: string;
  /** `false`: a failure is reported as `degraded` and does not fail readiness. */
  critical: boolean;
  /** A real round-trip; may throw. */
  check(): Promise<{ up: boolean; details?: Record<string, unknown> }>;
}
