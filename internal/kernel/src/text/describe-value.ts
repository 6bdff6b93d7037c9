/**
 * A value as an option error shows it: strings quoted (the first 40 characters), numbers and the like as written, and only the kind of an
 * object or array (an options object can hold a password or a client: its content is never printed). @internal
 */
export function describeValue(value: unknown): string {
  // A long string is more likely a token or a key pasted into the wrong option than a typo: show its start only.
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (value instanceof RegExp) return 'a RegExp';
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `an instance of ${name}` : 'an object';
}
