import { SENSITIVE_HEADERS } from './sensitive-keys.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function segment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * pino redact paths for field names: each key at the top level and one level below (`*.key`), plus the sensitive
 * headers wherever a `headers` object is logged up to two levels down (`{ req: { headers } }`). @internal
 */
export function redactPaths(keys: readonly string[], extraPaths: readonly string[], includeHeaders: boolean): string[] {
  const paths = new Set<string>();
  for (const key of keys) {
    const seg = segment(key);
    paths.add(seg.startsWith('.') ? seg.slice(1) : seg);
    paths.add(`*${seg}`);
  }
  if (includeHeaders) {
    for (const header of SENSITIVE_HEADERS) {
      paths.add(`headers${segment(header)}`);
      paths.add(`*.headers${segment(header)}`);
    }
  }
  for (const path of extraPaths) paths.add(path);
  return [...paths];
}
