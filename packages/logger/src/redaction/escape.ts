// C0 and C1 controls (tab excepted), DEL, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
const LINE_SEPARATORS = /[\u2028\u2029]/g;
const HAS_LINE_SEPARATOR = /[\u2028\u2029]/;

function toEscape(char: string): string {
  switch (char) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    default:
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** `a\nb` → `a\\nb`: a value can no longer start a new line or send terminal escapes. @internal */
export function escapeControlCharacters(value: string): string {
  return value.replace(CONTROL, toEscape);
}

/** Escapes U+2028/U+2029 in a JSON line (still valid JSON, and one line for every reader). @internal */
export function escapeLineSeparators(line: string): string {
  // The common case (no separator): one scan, no copy.
  if (!HAS_LINE_SEPARATOR.test(line)) return line;
  return line.replace(LINE_SEPARATORS, toEscape);
}
