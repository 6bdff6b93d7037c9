import type { ExceptionMapper } from './mappers/mapper.types.js';

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

/** Options of `BallastExceptionsModule.forRoot()` / `forRootAsync()`. */
export interface ExceptionsModuleOptions {
  /**
   * Body format. `'problem+json'` answers RFC 9457 problem details with `content-type: application/problem+json`.
   * @default 'default'
   */
  format?: ExceptionBodyFormat;
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
   * The logger context (the name in brackets on each line).
   * @default 'BallastExceptions'
   */
  loggerContext?: string;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedExceptionsOptions {
  format: ExceptionBodyFormat;
  exposeInternalErrors: boolean;
  mappers: readonly ExceptionMapper[];
  logging: { serverErrors: ExceptionLogLevel; clientErrors: ExceptionLogLevel };
  problemTypeBaseUrl: string | undefined;
  loggerContext: string;
}
