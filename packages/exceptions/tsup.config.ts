import { defineConfig } from 'tsup';

// tsconfig has emitDecoratorMetadata, so tsup runs swc (@swc/core is a root devDependency):
// design:paramtypes lands in dist and constructor injection works for users.
export default defineConfig({
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
});
