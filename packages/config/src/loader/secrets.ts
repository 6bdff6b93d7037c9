import { DEFAULT_SECRET_PATTERNS, REDACTED } from '../config.constants.js';

/** True when the variable's name says it holds a secret (`*_PASSWORD`, `*_TOKEN`, `PGPASSWORD`...). @internal */
export function isSecretName(key: string, extraPatterns: readonly RegExp[] = []): boolean {
  return [...DEFAULT_SECRET_PATTERNS, ...extraPatterns].some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(key);
  });
}

/**
 * Query (and fragment) parameters whose value is hidden in a URL, besides every name `isSecretName` accepts once `-`
 * and `.` read as `_` (`client_secret`, `X-Amz-Security-Token`, `X-Amz-Credential`).
 */
const SECRET_PARAMS = new Set([
  'password',
  'pass',
  'passwd',
  'pwd',
  'sslpassword',
  'secret',
  'token',
  'key',
  'apikey',
  'api_key',
  'access_token',
  'refresh_token',
  'id_token',
  'auth',
  'authorization',
  'sig',
  'signature',
  'x-amz-signature',
]);

function isSecretParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // not percent-encoded: the raw name is what we have
  }
  const lower = decoded.trim().toLowerCase();
  return SECRET_PARAMS.has(lower) || isSecretName(lower.replace(/[-.]/g, '_'));
}

// A URL with an authority: `scheme://` (nested schemes too, `jdbc:postgresql://`), after optional leading blanks.
const URL_START = /^(\s*(?:[a-z][a-z0-9+.-]*:)+\/\/)/i;

interface UrlParts {
  /** Everything up to and including `//`. */
  start: string;
  /** The userinfo before the LAST `@` of the authority (WHATWG), or undefined. */
  user?: string;
  password?: string;
  /** The host part of the authority. */
  host: string;
  path: string;
  query?: string;
  fragment?: string;
}

/**
 * Splits a URL the way the WHATWG parser finds its credentials: the authority ends at the first `/`, `?` or `#`, its
 * userinfo ends at its LAST `@` (`redis://u:p@ss@host` has the password `p@ss`), and the password starts after the
 * userinfo's first `:`. Ending the authority at no other character only ever hides more, never less.
 */
function splitUrl(value: string): UrlParts | undefined {
  const start = URL_START.exec(value)?.[1];
  if (start === undefined) return undefined;
  const rest = value.slice(start.length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  let tail = end === -1 ? '' : rest.slice(end);
  const parts: UrlParts = { start, host: authority, path: '' };
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    parts.host = authority.slice(at + 1);
    const colon = userinfo.indexOf(':');
    parts.user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (colon !== -1) parts.password = userinfo.slice(colon + 1);
  }
  const hash = tail.indexOf('#');
  if (hash !== -1) {
    parts.fragment = tail.slice(hash + 1);
    tail = tail.slice(0, hash);
  }
  const question = tail.indexOf('?');
  if (question !== -1) {
    parts.query = tail.slice(question + 1);
    tail = tail.slice(0, question);
  }
  parts.path = tail;
  return parts;
}

/** `name=value` pairs of a query or fragment, with a flag on the secret ones. */
function params(text: string): { name: string; value: string | undefined; secret: boolean }[] {
  return text.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    return { name, value: eq === -1 ? undefined : pair.slice(eq + 1), secret: isSecretParam(name) };
  });
}

function redactParams(text: string): string {
  return params(text)
    .map(({ name, value, secret }) => (value === undefined ? name : `${name}=${secret && value ? REDACTED : value}`))
    .join('&');
}

/**
 * The secret parts of a URL: its password, and the values of its secret query and fragment parameters (`?token=`,
 * `&sig=`), as written. Empty for anything that is not a URL with an authority. @internal
 */
export function urlSecrets(value: string): string[] {
  const parts = splitUrl(value);
  if (!parts) return [];
  const found = parts.password ? [parts.password] : [];
  for (const text of [parts.query, parts.fragment]) {
    if (text === undefined) continue;
    for (const { value: v, secret } of params(text)) if (secret && v) found.push(v);
  }
  return found;
}

/**
 * The password of a URL with credentials, e.g. `s3cret` in `postgres://app:s3cret@db/app`, or undefined. @internal
 */
export function urlPassword(value: string): string | undefined {
  return splitUrl(value)?.password || undefined;
}

/**
 * Hides the password of a URL with credentials (`postgres://app:[REDACTED]@db/app`) and the values of its secret query
 * and fragment parameters (`?token=[REDACTED]`); other values are returned as is.
 *
 * @example redactUrl('redis://:hunter2@cache:6379') // 'redis://:[REDACTED]@cache:6379'
 */
export function redactUrl(value: string): string {
  const parts = splitUrl(value);
  if (!parts) return value;
  let userinfo = '';
  if (parts.user !== undefined) {
    userinfo = parts.password === undefined ? `${parts.user}@` : `${parts.user}:${parts.password ? REDACTED : ''}@`;
  }
  return (
    parts.start +
    userinfo +
    parts.host +
    parts.path +
    (parts.query === undefined ? '' : `?${redactParams(parts.query)}`) +
    (parts.fragment === undefined ? '' : `#${redactParams(parts.fragment)}`)
  );
}

/**
 * The forms a secret can take on its way to a message: as written, trimmed, lower- and upper-cased, and
 * percent-decoded. @internal
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>();
  const add = (text: string) => {
    for (const base of [text, text.trim()]) {
      forms.add(base);
      forms.add(base.toLowerCase());
      forms.add(base.toUpperCase());
    }
  };
  add(value);
  for (const decode of [
    (t: string) => decodeURIComponent(t),
    (t: string) => decodeURIComponent(t.replace(/\+/g, ' ')),
  ]) {
    try {
      add(decode(value));
    } catch {
      // not percent-encoded: the raw forms are enough
    }
  }
  return [...forms];
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
