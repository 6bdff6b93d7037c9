import type { KeyMatch } from './sensitive-keys.js';

// scheme://user:password@ → the password (postgres://app:s3cret@db/orders, amqp://…, https://…).
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#]*):([^\s@/?#]+)@/gi;
// name=value after ? or & (?sig=…, &X-Amz-Signature=…, ?token=…).
const QUERY_PARAM = /([?&])([^\s=&#?]+)=([^\s&#]*)/g;

/**
 * Redacts secrets carried inside a string: the password of a URL with credentials, and query parameters with a
 * sensitive name. Strings with neither `://` nor `?` (nearly all) cost two scans and are returned as they are. @internal
 */
export function redactString(value: string, match: (name: string) => KeyMatch, censor: string): string {
  let out = value;
  if (out.includes('://')) {
    out = out.replace(URL_CREDENTIALS, (_all, scheme: string, user: string) => `${scheme}${user}:${censor}@`);
  }
  if (out.includes('?')) {
    out = out.replace(QUERY_PARAM, (all, sep: string, name: string) => {
      let decoded = name;
      if (name.includes('%')) {
        try {
          decoded = decodeURIComponent(name);
        } catch {
          // Malformed escape: compare it as written.
        }
      }
      return match(decoded) === undefined ? all : `${sep}${name}=${censor}`;
    });
  }
  return out;
}
