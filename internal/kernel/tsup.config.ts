import { defineConfig } from 'tsup';

// Only the bundled declarations: the packages bundle the kernel's code from src/ (esbuild), and its types from this
// one file (tsup's dts step cannot follow the relative imports of a workspace package's sources).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: { only: true },
  clean: true,
  target: 'node20',
});
