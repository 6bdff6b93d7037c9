import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// What a user installs is the package.json, not the workspace: every import of src/ must be declared there,
// peers must admit both Nest majors, and the published shape must be the one the style guide fixes.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packagesDir = join(root, 'packages');
const NEST_PEER = '^11.0.0 || ^12.0.0';
const KERNEL = '@ballast/kernel';
const NODE_ENGINES = '^20.19.0 || ^22.12.0 || >=24.0.0';
const builtins = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Bare package names imported (statically, dynamically or with require) by a file. */
export function importedPackages(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/\bimport\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\brequire(?:\.resolve)?\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtins.has(s.split('/')[0]!))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

const packages = readdirSync(packagesDir).map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')),
}));

describe.each(packages)('package.json of packages/$dir', ({ dir, manifest }) => {
  it('declares every package that src/ imports', () => {
    const declared = new Set([
      manifest.name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
      // Bundled into dist by tsup (noExternal), so a devDependency: see the next test.
      ...(manifest.devDependencies?.[KERNEL] ? [KERNEL] : []),
    ]);
    const undeclared = sourceFiles(join(packagesDir, dir, 'src')).flatMap((file) =>
      importedPackages(readFileSync(file, 'utf8'))
        .filter((name) => !declared.has(name))
        .map((name) => `${name} (imported by ${file.slice(root.length + 1)})`),
    );
    expect(undeclared).toEqual([]);
  });

  it('bundles the private kernel instead of depending on it (code and types)', () => {
    expect(manifest.dependencies?.[KERNEL]).toBeUndefined();
    expect(manifest.peerDependencies?.[KERNEL]).toBeUndefined();
    // Every package builds with the one shared tsup config, which bundles the kernel (code and types).
    const tsup = readFileSync(join(packagesDir, dir, 'tsup.config.ts'), 'utf8');
    const shared = readFileSync(join(root, 'scripts', 'tsup-package.mjs'), 'utf8');
    expect(tsup).toContain("from '../../scripts/tsup-package.mjs'");
    expect(shared).toContain(`noExternal: ['${KERNEL}']`);
    expect(shared).toContain(`resolve: ['${KERNEL}']`);
    const dist = join(packagesDir, dir, 'dist');
    if (!existsSync(dist)) return; // not built here; CI always builds first
    for (const file of readdirSync(dist).filter((f) => /\.(c?js|d\.c?ts)$/.test(f))) {
      expect({ file, importsKernel: readFileSync(join(dist, file), 'utf8').includes(`'${KERNEL}'`) }).toEqual({
        file,
        importsKernel: false,
      });
    }
  });

  it('accepts NestJS 11 and 12 as peers', () => {
    expect(manifest.peerDependencies['@nestjs/common']).toBe(NEST_PEER);
    expect(manifest.peerDependencies['@nestjs/core']).toBe(NEST_PEER);
    for (const name of Object.keys(manifest.peerDependencies)) {
      if (name.startsWith('@nestjs/')) expect(manifest.devDependencies?.[name]).toBeDefined();
    }
  });

  it('has the published shape: @ballast scope, dual exports with types, dist only, engines', () => {
    expect(manifest.name).toBe(`@ballast/${dir}`);
    expect(manifest.files).toEqual(['dist']);
    expect(manifest.engines.node).toBe(NODE_ENGINES);
    expect(manifest.exports['.'].import).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.exports['.'].require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' });
    expect(manifest.publishConfig?.access).toBe('public');
    expect(manifest.private).toBeUndefined();
  });

  it('ships the MIT licence it declares (npm packs a LICENSE file beside package.json)', () => {
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(packagesDir, dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
  });

  it('never depends on a sibling at a fixed version (workspace ranges are rewritten on pack)', () => {
    const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
    for (const [name, range] of Object.entries(ranges)) {
      if (name.startsWith('@ballast/')) expect(range).toMatch(/^workspace:/);
    }
  });
});

describe('importedPackages', () => {
  it('finds static, side-effect, dynamic and require imports, and skips builtins and relative paths', () => {
    const source = `
      import { a } from '@nestjs/common';
      import type { B } from 'pino';
      import 'reflect-metadata';
      const c = await import('@opentelemetry/api');
      const d = require('keyv/sub');
      import { e } from './local.js';
      import { f } from 'node:fs';
      import { g } from 'crypto';`;
    expect(importedPackages(source).sort()).toEqual(
      ['@nestjs/common', '@opentelemetry/api', 'keyv', 'pino', 'reflect-metadata'].sort(),
    );
  });
});
