import type { ExceptionMapper, FieldError } from './mappers/mapper.types.js';

/** Shape of the error body: ballast's JSON (`default`) or RFC 9457 problem details (`problem+json`). */
export type ExceptionBodyFormat = 'default' | 'problem+json';

/** A Nest `Logger` level, or `'off'` to not log that class of errors at all. */
export type ExceptionLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose' | 'off';

/** Which errors are logged, and at which level. Every line carries requestId, method and path. */
export interface ExceptionLoggingOptions {
  /**
   * Level of 5xx answers (mapped or not), logged with the stack and the whole `cause` chain.
   * @default 'error'
   */
  serverErrors?: ExceptionLogLevel;
  /**
   * Level of 4xx answers (validation, not found, conflicts, malformed bodies).
   * @default 'warn'
   */
  clientErrors?: ExceptionLogLevel;
}

/**
 * What the `body` option receives: ballast's answer to the error, already mapped and safe to send. It never holds
 * the thrown value, its stack or (for unexpected errors) its message, unless `exposeInternalErrors` is on.
 */
export interface ExceptionBodyInput {
  /** HTTP status of the answer (sent as the status code whatever the body says). */
  status: number;
  /** Reason phrase of the status (`Not Found`). */
  error: string;
  /** Client-safe message (`email already exists`); `Internal server error` for unexpected errors. */
  message: string;
  /** Stable machine code (`UNIQUE_VIOLATION`, `VALIDATION_FAILED`, your mapper's or `HttpException`'s `code`). */
  code?: string;
  /** Field-level problems of validation and database errors. */
  details?: FieldError[];
  /** Plain-data members kept from a custom `HttpException` response or a mapper's `extensions`. */
  extensions?: Record<string, unknown>;
  /** The request id: the same as the `x-request-id` response header and the log lines of the request. */
  requestId: string;
  /** HTTP method of the request (`''` when unknown). */
  method: string;
  /** Request path, without the query string. */
  path: string;
  /** When the answer was made, ISO 8601 (the same instant as `timestamp` in the default body). */
  timestamp: string;
  /** True when nobody recognised the error: a generic 500 whose real message is not here. */
  internal: boolean;
}

/**
 * Builds the error body from ballast's answer. Must return an object, synchronously; `defaultBody` is the
 * body of the configured `format`, to wrap or extend. Anything else, or a throw, sends `defaultBody` instead (logged).
 */
export type ExceptionBodyBuilder = (
  error: ExceptionBodyInput,
  defaultBody: Record<string, unknown>,
) => object | undefined;

/** Options of `BallastExceptionsModule.forRoot()` / `forRootAsync()`. */
export interface ExceptionsModuleOptions {
  /**
   * Body format. `'problem+json'` answers RFC 9457 problem details with `content-type: application/problem+json`.
   * @default 'default'
   */
  format?: ExceptionBodyFormat;
  /**
   * Your own error body (envelope), built from ballast's answer: status, code, message, details, requestId, path,
   * method, timestamp. Only the body changes: the status code, `content-type` (that of `format`) and every header stay
   * ballast's. If the function throws, returns a promise or anything but an object, the body of `format`
   * is sent instead and the failure is logged at `error`.
   * @default undefined (the body of `format`)
   * @example body: (e) => ({ success: false, error: { code: e.code ?? 'ERROR', message: e.message }, timestamp: e.timestamp, path: e.path })
   */
  body?: ExceptionBodyBuilder;
  /**
   * Adds the real message of unexpected (500) errors to the body. For local development only: messages of
   * unexpected errors can hold SQL, file paths or secrets. Stacks are never sent.
   * @default false
   */
  exposeInternalErrors?: boolean;
  /**
   * Your mappers. An array runs before the built-in ones (the first mapper that returns a result wins);
   * a function receives the built-in list and returns the list to use (to reorder, drop or replace them).
   * @default [] (the built-in mappers only)
   * @example mappers: [{ name: 'payment', map: (e) => (e instanceof PaymentDeclined ? { status: 402, message: 'Payment declined', code: 'PAYMENT_DECLINED' } : undefined) }]
   */
  mappers?: ExceptionMapper[] | ((defaults: readonly ExceptionMapper[]) => ExceptionMapper[]);
  /**
   * Logging policy, or `false` to log nothing.
   * @default { serverErrors: 'error', clientErrors: 'warn' }
   */
  logging?: ExceptionLoggingOptions | false;
  /**
   * Base URL for the problem `type` of mapped errors with a `code` (`problem+json` only):
   * `https://errors.example.com/` + `unique-violation`. Without it `type` is `about:blank`.
   * @default undefined
   */
  problemTypeBaseUrl?: string;
  /**
   * `Retry-After` (in seconds) of the 503 answers to transient database failures (`DATABASE_RETRYABLE`: serialization
   * failure, deadlock, lock timeout; `DATABASE_UNAVAILABLE`: connection lost or refused, server shutting down).
   * A whole number from 0 to 3600.
   * @default 1
   */
  retryAfterSeconds?: number;
  /**
   * The logger context (the name in brackets on each line).
   * @default 'BallastExceptions'
   */
  loggerContext?: string;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedExceptionsOptions {
  format: ExceptionBodyFormat;
  body: ExceptionBodyBuilder | undefined;
  exposeInternalErrors: boolean;
  mappers: readonly ExceptionMapper[];
  logging: { serverErrors: ExceptionLogLevel; clientErrors: ExceptionLogLevel };
  problemTypeBaseUrl: string | undefined;
  retryAfterSeconds: number;
  loggerContext: string;
}
