/**
 * Default identity of an HTTP caller for cache keys: the authenticated user (and tenant) that guards usually put on
 * `req.user`. Returns undefined for an anonymous request. @internal
 */
export function defaultHttpIdentity(request: any): string | undefined {
  const user = request?.user;
  if (user === undefined || user === null) return undefined;
  const id = typeof user === 'object' ? (user.id ?? user.sub ?? user.userId) : user;
  if (id === undefined || id === null) return undefined;
  const tenant = (typeof user === 'object' ? user.tenantId : undefined) ?? request.tenantId;
  return tenant === undefined || tenant === null ? `u=${String(id)}` : `t=${String(tenant)};u=${String(id)}`;
}

/**
 * Request headers that always count as credentials (lower case). Any other header whose name matches the word rule
 * of {@link isCredentialName} counts too.
 */
export const DEFAULT_CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-session-id',
  'x-session-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
];

/**
 * Query parameters that always count as credentials (compared case-insensitively). Any other parameter whose name
 * matches the word rule of {@link isCredentialName} counts too.
 */
export const DEFAULT_CREDENTIAL_QUERY_PARAMS: readonly string[] = [
  'api_key',
  'apikey',
  'api-key',
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'key',
  'sig',
  'signature',
  'auth',
  'session',
  'sessionid',
  'sid',
  'jwt',
  'password',
  'secret',
  'x-amz-credential',
  'x-amz-signature',
  'x-amz-security-token',
];

/** A name is a credential when its LAST word is one of these (`x-api-key`, `pageToken`, `client_secret`, ...). */
const CREDENTIAL_LAST_WORDS = new Set([
  'token',
  'key',
  'apikey',
  'secret',
  'signature',
  'sig',
  'password',
  'passwd',
  'credential',
  'credentials',
  'jwt',
  'authorization',
  'cookie',
]);
/** ... or when ANY of its words is one of these (`x-session-id`, `x-auth-user`, `sessionid`). */
const CREDENTIAL_ANY_WORDS = new Set(['auth', 'session', 'sessionid', 'csrf', 'xsrf']);

/**
 * True when a header or query-parameter name looks like a credential. The name is split into words at `-`, `_`, `.`
 * and camelCase humps (`X-Api-Key` → x api key, `accessToken` → access token); it is a credential when its last word
 * is token, key, apikey, secret, signature, sig, password, passwd, credential(s), jwt, authorization or cookie, or when
 * any word is auth, session, sessionid, csrf or xsrf. @internal
 */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s\-_.]+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return false;
  if (CREDENTIAL_LAST_WORDS.has(words[words.length - 1])) return true;
  return words.some((w) => CREDENTIAL_ANY_WORDS.has(w));
}

/** Names (lower case) the app declared as credentials on top of the defaults and the word rule. @internal */
export interface CredentialNames {
  headers: ReadonlySet<string>;
  query: ReadonlySet<string>;
}

/** @internal */
export function credentialNames(
  extraHeaders: readonly string[] = [],
  extraQuery: readonly string[] = [],
): CredentialNames {
  return {
    headers: new Set([...DEFAULT_CREDENTIAL_HEADERS, ...extraHeaders].map((h) => h.toLowerCase())),
    query: new Set([...DEFAULT_CREDENTIAL_QUERY_PARAMS, ...extraQuery].map((q) => q.toLowerCase())),
  };
}

const DEFAULT_NAMES = credentialNames();

/**
 * True when the request carries credentials of any kind: a `req.user`, a credential header or a credential query
 * parameter (by the lists in `names` or by the word rule of {@link isCredentialName}), whatever its value. @internal
 */
export function isAuthenticated(request: any, names: CredentialNames = DEFAULT_NAMES, url?: string): boolean {
  if (request?.user !== undefined && request?.user !== null) return true;
  const headers = request?.headers ?? {};
  for (const name of Object.keys(headers)) {
    if (headers[name] === undefined) continue;
    const lower = name.toLowerCase();
    if (names.headers.has(lower) || isCredentialName(lower)) return true;
  }
  const target: string = url ?? request?.originalUrl ?? request?.url ?? '';
  const q = target.indexOf('?');
  if (q === -1) return false;
  // A malformed query string still counts: URLSearchParams never throws, it decodes what it can.
  for (const name of new URLSearchParams(target.slice(q + 1).split('#')[0]).keys()) {
    if (names.query.has(name.toLowerCase()) || isCredentialName(name)) return true;
  }
  return false;
}
