import type { ExceptionMapper } from './mapper.types.js';

/** Body depth from which a stack overflow is blamed on the request rather than on the code. */
export const SUSPICIOUS_PAYLOAD_DEPTH = 64;

/** Depth of a parsed body, measured without recursion (a 10^5-deep body must not overflow the measure too). */
export function payloadDepth(value: unknown, limit = 100_000): number {
  let max = 0;
  let nodes = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0 && nodes++ < 1_000_000) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) max = depth;
    if (max >= limit) break;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return max;
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /Maximum call stack size exceeded/.test(error.message);
}

/**
 * A stack overflow while handling a deeply nested body (class-transformer and class-validator recurse per level)
 * → 400 `PAYLOAD_TOO_DEEP`. Only when the request body really is that deep: an overflow with an ordinary body is a
 * bug in the code and stays a 500.
 */
export const payloadDepthMapper: ExceptionMapper = {
  name: 'payload-depth',
  map(exception, context) {
    if (!isStackOverflow(exception)) return undefined;
    if (payloadDepth(context.request?.body) < SUSPICIOUS_PAYLOAD_DEPTH) return undefined;
    return { status: 400, code: 'PAYLOAD_TOO_DEEP', message: 'Request body is too deeply nested' };
  },
};
