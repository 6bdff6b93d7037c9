// The one tsup configuration of the @ballast packages; each package's tsup.config.ts calls it, with overrides for
// what is its own (config's second entry). The tsconfig has emitDecoratorMetadata, so tsup runs swc (@swc/core is a
// root devDependency): design:paramtypes lands in dist and constructor injection works for users.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** @param {import('tsup').Options} overrides */
export function packageConfig(overrides = {}) {
  // tsup runs in the package's folder: its version (bumped by changesets before the release build) goes into the
  // kernel's PACKAGE_VERSION (the OTel meter's version).
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  return defineConfig({
    define: { __BALLAST_PACKAGE_VERSION__: JSON.stringify(version) },
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: false,
    // The private kernel (internal/kernel) is bundled: code and types, never a dependency of the published package.
    noExternal: ['@ballast/kernel'],
    dts: { resolve: ['@ballast/kernel'] },
    ...overrides,
  });
}
