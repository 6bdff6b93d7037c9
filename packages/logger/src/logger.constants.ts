/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_LOGGER_OPTIONS = 'BALLAST_LOGGER_RESOLVED_OPTIONS';

/**
 * Token of `{ flush(): Promise<void> }`: flushes pino's buffered output (sync or async destination).
 * `@ballast/shutdown` injects it optionally, by this string, and calls it right before the process exits.
 */
export const LOGGER_FLUSH = 'BALLAST_LOGGER_FLUSH';

/** Health probe paths that produce no request line by default (the paths of `@ballast/health`). */
export const DEFAULT_IGNORED_PATHS: readonly string[] = ['/health/live', '/health/ready', '/health/startup'];

/** What a redacted value is replaced with. */
export const DEFAULT_CENSOR = '[Redacted]';

/** Levels accepted by `level` and `setLevel()`: pino's names, plus Nest's `log` (= info) and `verbose` (= trace). */
export const LOGGER_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'log', 'verbose'] as const;
