import { randomUUID } from 'node:crypto';

/** The header that carries the request id in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest incoming request id accepted; longer ones are replaced, not truncated. */
export const MAX_REQUEST_ID_LENGTH = 128;

// Letters, digits and the separators ids are made of (UUIDs, ULIDs, trace ids, "svc:1234"): nothing that could
// break a log line, a header or a URL.
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** A new request id (UUID v4). */
export function generateRequestId(): string {
  return randomUUID();
}

/** True when an incoming id may be reused as is: bounded length, safe characters only. */
export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_REQUEST_ID_LENGTH && SAFE_REQUEST_ID.test(value);
}
