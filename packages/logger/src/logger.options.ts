import type { DestinationStream } from 'pino';
import type { LOGGER_LEVELS } from './logger.constants.js';

/** A level name: pino's (`fatal` … `trace`, `silent`) or Nest's `log` (= `info`) and `verbose` (= `trace`). */
export type LoggerLevel = (typeof LOGGER_LEVELS)[number];

/** Redaction settings. Redacted values are replaced by the censor, in every line the logger writes. */
export interface LoggerRedactOptions {
  /**
   * Field names to redact wherever they appear as a key in a line, at the top level or nested in objects, arrays and
   * Errors at any depth (`{ password }`, `{ body: { user: { password } } }`), and as query-string parameter names in
   * the request line. Names containing a sensitive part (`newPassword`) are redacted too unless `replace` is true.
   * Exact spellings: add every spelling you use (`sessionId`, `session_id`).
   * @default [] (added to the built-in list unless `replace` is true)
   * @example ['sessionId', 'iban']
   */
  keys?: string[];
  /**
   * pino redact paths, used as they are (`'user.address.street'`, `'items[*].card'`).
   * @default []
   */
  paths?: string[];
  /**
   * When true, `keys` and `paths` replace the built-in list (authorization, cookie, set-cookie, x-api-key, password,
   * token, secret, apiKey … in camelCase, snake_case, kebab-case, lower and UPPER case) instead of extending it.
   * @default false
   */
  replace?: boolean;
  /**
   * What a redacted value is replaced with.
   * @default '[Redacted]'
   */
  censor?: string;
}

/** Settings of the one-line-per-request log. */
export interface RequestLoggingOptions {
  /**
   * Paths (without query string) that produce no request line, added to the health probes. A string matches the
   * path, with a trailing slash, and every path under it (`'/metrics'` also quiets `/metrics/` and `/metrics/x`, not
   * `/metricsz`); a RegExp is tested against the path. The same rule as the cache's `http.ignorePaths`.
   * @default []
   * @example ['/metrics', /^\/internal\//]
   */
  ignorePaths?: (string | RegExp)[];
  /**
   * Skip the health probe paths `/health/live`, `/health/ready` and `/health/startup`.
   * @default true
   */
  ignoreHealthProbes?: boolean;
  /**
   * Add the query string to the request line (`query`), values of sensitive parameter names redacted.
   * @default true
   */
  query?: boolean;
}

/** Options of `BallastLoggerModule.forRoot()` / `forRootAsync()`. */
export interface LoggerModuleOptions {
  /**
   * Lowest level written. Changeable at runtime with `BallastLogger.setLevel()`.
   * @default 'info'
   */
  level?: LoggerLevel;
  /**
   * Human-readable, colored output through `pino-pretty` (an optional peer: install it as a dev dependency), for
   * development. Control characters in messages are escaped. Leave false in production: JSON lines.
   * @default false
   */
  pretty?: boolean;
  /**
   * Redaction of secrets. On by default; `false` turns it off completely (not recommended).
   * @default { keys: [], paths: [], replace: false, censor: '[Redacted]' }
   */
  redact?: LoggerRedactOptions | false;
  /**
   * One line per completed (or aborted) HTTP request, on Express and Fastify. `false` turns it off.
   * @default true
   */
  requestLogging?: boolean | RequestLoggingOptions;
  /**
   * Fields written on every line (service name, version, environment). Replaces pino's default `{ pid, hostname }`;
   * `null` writes none.
   * @default { pid, hostname }
   * @example { service: 'orders-api', version: process.env.APP_VERSION }
   */
  base?: Record<string, unknown> | null;
  /**
   * Where lines go: a file descriptor (1 = stdout, 2 = stderr), a file path, or a writable stream (e.g. for tests).
   * @default 1
   */
  destination?: number | string | DestinationStream | NodeJS.WritableStream;
  /**
   * How lines reach a file descriptor or path `destination`. `false` (the default): buffered in memory and written
   * in batches of 32 KiB (one system call each), at least every 100 ms; flushed on application shutdown, by
   * `@ballast/shutdown` before it exits, through the `BALLAST_LOGGER_FLUSH` token, and synchronously when the process
   * exits (also after an uncaught exception). A hard kill (SIGKILL, OOM) can lose the last 100 ms of lines.
   * `true`: every line is written before the call returns (pino's default), at the cost of one write system call per
   * line. Ignored for stream destinations.
   * @default false
   */
  sync?: boolean;
  /**
   * Add OpenTelemetry `traceId` and `spanId` to each line written while a span is active (an SDK registered by the app,
   * `@opentelemetry/api` 1.x). Read from the API's global registry: the logger never imports the API, and without a
   * registered context manager it costs one property read per line.
   * @default true
   */
  traceFields?: boolean;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedLoggerOptions {
  level: Exclude<LoggerLevel, 'log' | 'verbose'>;
  pretty: boolean;
  /** `patterns`: names containing a sensitive part are redacted too (off with `replace: true`). */
  redact: false | { keys: string[]; paths: string[]; censor: string; patterns: boolean };
  /** `ignores(url)`: the kernel's path matcher over the probe paths and `ignorePaths`. */
  requestLogging: false | { ignores: (url: string) => boolean; query: boolean };
  base: Record<string, unknown> | null | undefined;
  destination: number | string | DestinationStream | NodeJS.WritableStream;
  sync: boolean;
  traceFields: boolean;
}
