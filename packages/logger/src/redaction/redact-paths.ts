const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * pino redact paths: each sensitive key at the top level of a line (pino handles those with one lookup per field),
 * plus the user's own paths as given. Keys nested in objects are handled by `createNestedRedactor`. @internal
 */
export function redactPaths(keys: readonly string[], extraPaths: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const key of keys) paths.add(IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`);
  for (const path of extraPaths) paths.add(path);
  return [...paths];
}
