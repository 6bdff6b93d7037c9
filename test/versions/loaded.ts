// What a companion package really is in the running Jest run: resolved the way the packages' own imports are (from a
// file of theirs, through the run's moduleNameMapper), then loaded as a module instance. Used by the guard specs of
// both runs (test/versions/nest12.spec.ts, test/nest11/companions.spec.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Loaded {
  /** The file the run resolves the specifier to. */
  file: string;
  /** `version` of the package that file belongs to. */
  version: string;
  /** `type` of that package: Nest 11's generation is CommonJS, Nest 12's ESM. */
  format: 'commonjs' | 'module';
  /** The module instance the run has for that file: what an `import` of the specifier gets. */
  exports: Record<string, any>;
  /** For a CommonJS file: what `require()` gets in the run (the same object as `exports.default`). */
  required?: unknown;
}

/**
 * Resolves `specifier` from `fromFile` (relative to the repository) with the run's own resolver (Jest's `createRequire`
 * applies moduleNameMapper), and loads it.
 */
export async function loaded(specifier: string, fromFile: string): Promise<Loaded> {
  const require = createRequire(join(root, fromFile));
  const file = require.resolve(specifier);
  const manifest = manifestOf(file, specifier);
  const format = manifest.type === 'module' ? 'module' : 'commonjs';
  const exports = (await import(pathToFileURL(file).href)) as Record<string, any>;
  return {
    file,
    version: manifest.version,
    format,
    exports,
    ...(format === 'commonjs' && { required: require(file) }),
  };
}

/** The package.json of the package `file` belongs to (the nearest one named `name`). */
function manifestOf(file: string, name: string): { version: string; type?: string } {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (manifest.name === name) return manifest;
    } catch {
      // no package.json here: keep going up
    }
  }
  throw new Error(`no package.json named ${name} above ${file}`);
}

/** The `imports` of a `@Module()` class, dynamic modules by their class. */
export function moduleImports(moduleClass: object): unknown[] {
  const imports: unknown[] = Reflect.getMetadata('imports', moduleClass) ?? [];
  return imports.map((entry) => (entry && typeof entry === 'object' && 'module' in entry ? entry.module : entry));
}

/** The constructor parameter types of a class, as its decorator metadata records them. */
export function paramTypes(target: object): unknown[] {
  return Reflect.getMetadata('design:paramtypes', target) ?? [];
}

/** The seven packages' entry files: each resolves its peers from its own folder. */
export const packageEntries = ['cache', 'config', 'context', 'exceptions', 'health', 'logger', 'shutdown'].map(
  (name) => `packages/${name}/src/index.ts`,
);
