import { DEFAULT_SECRET_PATTERNS, REDACTED } from '../config.constants.js';

/** True when the variable's name says it holds a secret (`*_PASSWORD`, `*_TOKEN`, ...). @internal */
export function isSecretName(key: string, extraPatterns: readonly RegExp[] = []): boolean {
  return [...DEFAULT_SECRET_PATTERNS, ...extraPatterns].some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(key);
  });
}

// scheme://user:password@host... — the password part is what we hide; the rest helps support.
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/?#\s]*):([^@/?#\s]*)@/i;

/**
 * The password of a URL with credentials, e.g. `s3cret` in `postgres://app:s3cret@db/app`, or undefined. @internal
 */
export function urlPassword(value: string): string | undefined {
  const match = URL_CREDENTIALS.exec(value.trim());
  return match && match[3] ? match[3] : undefined;
}

/**
 * Hides the password of a URL with credentials (`postgres://app:[REDACTED]@db/app`); other values are returned as is.
 *
 * @example redactUrl('redis://:hunter2@cache:6379') // 'redis://:[REDACTED]@cache:6379'
 */
export function redactUrl(value: string): string {
  return value.replace(URL_CREDENTIALS, (_all, scheme: string, user: string, password: string) =>
    password ? `${scheme}${user}:${REDACTED}@` : `${scheme}${user}:@`,
  );
}

/**
 * Replaces every occurrence of the given secret strings in `text` (longest first, so a secret that contains another
 * is hidden whole). Strings shorter than 3 characters are not searched: hiding every "1" would garble the text and
 * protect nothing. @internal
 */
export function scrub(text: string, secrets: Iterable<string>): string {
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of sorted) result = result.split(secret).join(REDACTED);
  return result;
}
