import { packageConfig } from '../../scripts/tsup-package.mjs';

export default packageConfig({
  // Two entries: '@ballast/config/env' loads no NestJS (for checking the environment at the top of main.ts). The
  // kernel is bundled in both.
  entry: ['src/index.ts', 'src/env.ts'],
  // src/joi.ts reads `__filename` in the CJS build and `import.meta.url` only in the ESM build; there is no
  // import.meta in CJS, so say it is undefined there instead of esbuild's "empty import.meta" warning. (tsup's
  // `shims` would rebuild the URL as `file:${__filename}`, which breaks on a '#' or '%' in the install path.)
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': 'undefined' };
  },
});
