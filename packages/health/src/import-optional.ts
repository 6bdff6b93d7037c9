/**
 * Loads a peer on first use (here @nestjs/terminus: required, but not needed until the first probe; the cache's and
 * the logger's copies load optional peers). The CommonJS build `require()`s it: Jest's CommonJS runtime (ts-jest,
 * the default of Nest 11 apps) rejects `import()` without `--experimental-vm-modules`. The ESM build `import()`s it.
 * `__filename` exists only in CommonJS (esbuild leaves it alone in the ESM build). @internal
 */
export function importOptional<T>(name: string): Promise<T> {
  if (typeof __filename === 'string') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point: require() in the CJS build
      return Promise.resolve(require(name) as T);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return import(name) as Promise<T>;
}
