import type { ExceptionMapper } from './mapper.types.js';
import { isHttpException, isObject } from './mapper.utils.js';

// Nest's own "no such route" messages quote the raw URL, query string included (a token in `?token=` would be
// echoed to the client): "Cannot GET /x?token=…" (Express) and "Route GET:/x?token=… not found" (Fastify).
const ROUTER_MESSAGES = [/^Cannot [A-Z]+ \//, /^Route [A-Z]+:\/.* not found$/];

/**
 * The 404 Nest answers for an unknown route, on both adapters the same: `Cannot GET /path`, from the request's
 * method and path — never its query string.
 */
export const routeNotFoundMapper: ExceptionMapper = {
  name: 'route-not-found',
  map(exception, context) {
    if (!isHttpException(exception) || exception.getStatus() !== 404) return undefined;
    const response = exception.getResponse();
    const message = isObject(response) ? response.message : response;
    if (typeof message !== 'string' || !ROUTER_MESSAGES.some((pattern) => pattern.test(message))) return undefined;
    const { method, path } = context.request ?? { method: 'GET', path: '/' };
    return { status: 404, message: `Cannot ${method} ${path}` };
  },
};

/** Replaces the query string of every URL path in a text (error messages, stacks) for the log. @internal */
export function withoutQueryStrings(text: string): string {
  return text.replace(/(\/[^\s?#"'`]*)\?[^\s"'`]*/g, '$1?[query]');
}
