import { defineConfig } from 'tsup';

// tsconfig has emitDecoratorMetadata, so tsup runs swc (@swc/core is a root devDependency):
// design:paramtypes lands in dist and constructor injection works for users.
export default defineConfig({
  // Two entries: '@ballast/config/env' loads no NestJS (for checking the environment at the top of main.ts).
  entry: ['src/index.ts', 'src/env.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
  treeshake: false,
});
