/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_LOGGER_OPTIONS = 'BALLAST_LOGGER_RESOLVED_OPTIONS';

// Token of `{ flush(): Promise<void> }` (pino's buffered output): @ballast/shutdown calls it right before the exit.
// A contract of docs/contracts.md, defined once in the kernel.
export { LOGGER_FLUSH } from '@ballast/kernel';

/** Health probe paths that produce no request line by default (the paths of `@ballast/health`). */
export const DEFAULT_IGNORED_PATHS: readonly string[] = ['/health/live', '/health/ready', '/health/startup'];

/** What a redacted value is replaced with. */
export const DEFAULT_CENSOR = '[Redacted]';

/** Levels accepted by `level` and `setLevel()`: pino's names, plus Nest's `log` (= info) and `verbose` (= trace). */
export const LOGGER_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'log', 'verbose'] as const;
