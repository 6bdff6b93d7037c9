// Jest 30 + @swc/jest in native ESM mode (NestJS 12 is ESM-only). See docs/contributing.md#tests.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

// ESM-only packages that a CJS dependency require()s: Jest's own CJS loader cannot require(esm) on Node < 24.9,
// so these few are compiled to CJS. cookie@2 <- light-my-request <- fastify.inject.
export const esmRequiredFromCjs = ['cookie@2'];

export default {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@ballast/source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    [`/node_modules/\\.pnpm/(${esmRequiredFromCjs.join('|')})[^/]*/.+\\.js$`]: [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/\\.pnpm/(?!(${esmRequiredFromCjs.join('|')}))`],
  moduleNameMapper: {
    '^@ballast/test-support$': '<rootDir>/test/support/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [
    '<rootDir>/internal/*/src/**/*.spec.ts',
    '<rootDir>/packages/*/src/**/*.spec.ts',
    '<rootDir>/packages/*/test/**/*.{spec,e2e-spec}.ts',
    '<rootDir>/examples/*/test/**/*.{spec,e2e-spec}.ts',
    '<rootDir>/test/*/**/*.{spec,e2e-spec}.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/nest11/'],
  testTimeout: 30_000,
};
