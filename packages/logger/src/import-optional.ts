/**
 * Loads an optional peer on first use. The CommonJS build `require()`s it: Jest's CommonJS runtime (ts-jest, the
 * default of Nest 11 apps) rejects `import()` without `--experimental-vm-modules`. The ESM build `import()`s it.
 * `__filename` exists only in CommonJS (esbuild leaves it alone in the ESM build).
 *
 * One copy per package that loads peers lazily (logger, cache, health), not in the kernel: `import()` and `require()`
 * resolve from the file they are written in, so run from source (Jest) the kernel's copy would look for the peer
 * from internal/kernel, where it is not installed. @internal
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
