import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      'docs/.vitepress/cache/**',
      'docs/.vitepress/dist/**',
      // Fragments concatenated into the release-check apps (a head per module system + one body).
      'scripts/release-check/app/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Nest resolves constructor parameters from design:paramtypes: a type-only import of a DI class
      // compiles to `Object` and breaks injection silently, so type imports are never forced.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-extraneous-class': 'off' },
  },
  {
    // CommonJS test files run by a nested Jest in CommonJS mode (what ts-jest apps get).
    files: ['test/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ballast/*/src/*', '../../*/src/*'],
              message: 'Import ballast packages by name: public API only through index.ts.',
            },
          ],
        },
      ],
    },
  },
);
