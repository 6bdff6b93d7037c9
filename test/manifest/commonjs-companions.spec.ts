import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// NestJS 11 apps are CommonJS, and their Jest (ts-jest) cannot load an ESM-only package on Node < 24.9. So ballast
// must never force an ESM-only companion on them: every peer range admits the CommonJS-capable version a Nest 11 app
// has (the one test/nest11 installs and the Nest 11 run loads), and every dependency has a CommonJS entry.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const nest11 = join(root, 'test', 'nest11', 'node_modules');

interface Manifest {
  name: string;
  version: string;
  type?: string;
  main?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const read = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8'));

/** True when `require()` gets CommonJS: a `require` export condition, or a package that is not `"type": "module"`. */
export function hasCommonJsEntry(manifest: Manifest): boolean {
  const exportsHasRequire = JSON.stringify(manifest.exports ?? null).includes('"require"');
  if (manifest.exports !== undefined && manifest.exports !== null) {
    return exportsHasRequire || manifest.type !== 'module';
  }
  return manifest.type !== 'module' || (manifest.main ?? '').endsWith('.cjs');
}

/** The majors a range like `^11.0.0 || ^12.1.0` admits. */
export function admittedMajors(range: string): number[] {
  return range.split('||').map((part) => Number(/\^?\s*(\d+)/.exec(part.trim())?.[1]));
}

const packages = readdirSync(join(root, 'packages')).map((dir) => read(join(root, 'packages', dir, 'package.json')));

describe.each(packages)('$name in a CommonJS (NestJS 11) app', (manifest) => {
  const requiredPeers = Object.keys(manifest.peerDependencies ?? {}).filter(
    (name) => !manifest.peerDependenciesMeta?.[name]?.optional,
  );

  it.each(requiredPeers)('admits the CommonJS-capable %s that NestJS 11 apps have', (peer) => {
    const installed = join(nest11, peer, 'package.json');
    expect(existsSync(installed)).toBe(true); // test/nest11 must install every required peer of every package
    const companion = read(installed);
    expect(hasCommonJsEntry(companion)).toBe(true);
    expect(admittedMajors(manifest.peerDependencies![peer]!)).toContain(Number(companion.version.split('.')[0]));
  });

  it('depends only on packages with a CommonJS entry', () => {
    // The copy a NestJS 11 app gets (test/nest11's injected one), and the dependencies Node's resolution finds from it.
    const dir = realpathSync(join(nest11, manifest.name));
    const esmOnly = Object.keys(manifest.dependencies ?? {}).filter(
      (dependency) => !hasCommonJsEntry(read(findManifest(dir, dependency))),
    );
    expect(esmOnly).toEqual([]);
  });
});

describe('hasCommonJsEntry / admittedMajors', () => {
  it('tells dual, CommonJS and ESM-only packages apart', () => {
    const base = { name: 'x', version: '1.0.0' };
    expect(hasCommonJsEntry({ ...base, main: 'index.js' })).toBe(true);
    expect(hasCommonJsEntry({ ...base, type: 'module', exports: { import: './a.js', require: './a.cjs' } })).toBe(true);
    expect(hasCommonJsEntry({ ...base, type: 'module', exports: { '.': { default: './a.js' } } })).toBe(false);
    expect(hasCommonJsEntry({ ...base, type: 'module', main: 'index.js' })).toBe(false);
  });

  it('reads the majors of a peer range', () => {
    expect(admittedMajors('^11.0.0 || ^12.1.0')).toEqual([11, 12]);
    expect(admittedMajors('^7.0.0')).toEqual([7]);
  });
});

/** The package.json of `name` as Node's resolution finds it from `dir` (node_modules folders upwards). */
function findManifest(dir: string, name: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const path = join(at, 'node_modules', name, 'package.json');
    if (existsSync(path)) return path;
    if (dirname(at) === at) throw new Error(`${name} is not installed where ${dir} can resolve it`);
  }
}
