/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_EXCEPTIONS_OPTIONS = 'BALLAST_EXCEPTIONS_RESOLVED_OPTIONS';

/** Content type of the default body. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Content type of RFC 9457 bodies. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Message of unexpected errors (500) unless `exposeInternalErrors` is on. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';
/** Body code of unexpected errors. */
export const INTERNAL_ERROR_CODE = 'INTERNAL_ERROR';

/** Longest `path` echoed in a body; longer paths are cut (the query string is never echoed). */
export const MAX_PATH_LENGTH = 1024;

/** `Retry-After` (seconds) of transient database failures (503), unless the `retryAfterSeconds` option says otherwise. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;
