// What the factory refuses before sending: a mapper result or a custom body that cannot be an error answer.
import { isObject } from './mappers/mapper.utils.js';

function isThenable(value: unknown): boolean {
  return isObject(value) && typeof value.then === 'function';
}

/** Why an async `body` builder is refused; its dropped promise needs a catch. */
export const ASYNC_BODY = 'a promise (the function must be synchronous)';

/** Why `result` cannot be sent as a body, or undefined when it can. */
export function checkBody(result: unknown): string | undefined {
  if (result === undefined || result === null) return String(result);
  if (typeof result !== 'object') return `a ${typeof result}`;
  if (Array.isArray(result)) return 'an array';
  try {
    if (isThenable(result)) return ASYNC_BODY;
    if (typeof JSON.stringify(result) !== 'string') return 'an object JSON cannot serialise';
  } catch {
    return 'an object JSON cannot serialise (a BigInt, a circular reference or a throwing getter)';
  }
  return undefined;
}

/** Why a mapper's `result` cannot be used, or undefined when it can. */
export function checkResult(result: unknown): string | undefined {
  if (!isObject(result)) return 'not an object';
  const { status, message } = result;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    return 'status must be an integer from 400 to 599';
  }
  if (typeof message !== 'string') return 'message must be a string';
  const { retryAfter } = result;
  if (retryAfter !== undefined && (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0)) {
    return 'retryAfter must be a whole number of seconds';
  }
  return undefined;
}
