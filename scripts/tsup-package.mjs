// The one tsup configuration of the @ballast packages; each package's tsup.config.ts calls it, with overrides for
// what is its own (config's second entry). The tsconfig has emitDecoratorMetadata, so tsup runs swc (@swc/core is a
// root devDependency): design:paramtypes lands in dist and constructor injection works for users.
import { defineConfig } from 'tsup';

/** @param {import('tsup').Options} overrides */
export function packageConfig(overrides = {}) {
  return defineConfig({
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
