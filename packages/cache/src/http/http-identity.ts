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

/** True when the request carries credentials of any kind. @internal */
export function isAuthenticated(request: any): boolean {
  const headers = request?.headers ?? {};
  return (
    (request?.user !== undefined && request?.user !== null) ||
    headers.authorization !== undefined ||
    headers.cookie !== undefined
  );
}
