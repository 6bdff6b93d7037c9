/** One invalid field: its path (`address.city`, `items[0].name`) and every message about it. */
export interface FieldError {
  /** Path of the field, one syntax for every validator: `address.city`, `items[0].name`; `''` when unknown. */
  field: string;
  messages: string[];
  /**
   * RFC 6901 JSON pointer into the request body as a URI fragment (`#/items/0/name`), sent in problem+json
   * `errors[]`. Set by the validation mappers; a field that is not a body path (a database column) has none.
   * @default undefined
   */
  pointer?: string;
}

/** What a mapper makes of an error: everything the client will see, nothing more. */
export interface MappedError {
  /** HTTP status of the answer. */
  status: number;
  /** Client-safe message: never the input, SQL, a constraint or a stack. */
  message: string;
  /** Stable machine-readable code, e.g. `UNIQUE_VIOLATION`. */
  code?: string;
  /** Field-level problems (`details` in the default body, `errors` in problem+json). */
  details?: FieldError[];
  /** Extra plain-data members (kept from custom `HttpException` responses). Never overrides the standard fields. */
  extensions?: Record<string, unknown>;
  /** Problem `type` URI (problem+json only). @default 'about:blank' (or problemTypeBaseUrl + code) */
  type?: string;
  /** Seconds for a `Retry-After` header (a whole number ≥ 0), e.g. on a 503 worth retrying. @default undefined (none) */
  retryAfter?: number;
  /** True for unexpected errors: the message is generic unless `exposeInternalErrors` is on. */
  internal?: boolean;
}

/** What a mapper knows besides the error. */
export interface MapperContext {
  /** The `exposeInternalErrors` option. */
  exposeInternalErrors: boolean;
  /** The `retryAfterSeconds` option: `Retry-After` of transient failures. @default 1 */
  retryAfterSeconds?: number;
  /** The HTTP request, when there is one: method, path (no query) and the parsed body. */
  request?: { method: string; path: string; body?: unknown };
}

/**
 * Turns one family of errors into a client answer. Return `undefined` to let the next mapper try.
 * Mappers run in order; the first answer wins; an error nobody maps is a generic 500.
 */
export interface ExceptionMapper {
  /** A name for logs and for finding it in the defaults list. */
  readonly name: string;
  map(exception: unknown, context: MapperContext): MappedError | undefined;
}
