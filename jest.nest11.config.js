// The package suites again, as a NestJS 11 app has them: every @nestjs/* package, and the libraries ballast wraps,
// resolved to their Nest 11 generation (all CommonJS) from test/nest11: @nestjs/common/core/testing/platform-* 11,
// @nestjs/terminus 11, @nestjs/config 4, @nestjs/cache-manager 3, @nestjs/typeorm 11 (terminus 11 loads it itself),
// joi 17. test/nest11/companions.spec.ts checks that the packages' own code really gets these copies.
import base from './jest.config.js';

const nest11 = '<rootDir>/test/nest11/node_modules';

/** Mapped with their subpaths (`@nestjs/common/constants.js`, `@nestjs/typeorm/dist/common/typeorm.utils`). */
export const nest11Packages = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/testing',
  '@nestjs/platform-express',
  '@nestjs/platform-fastify',
  '@nestjs/terminus',
  '@nestjs/config',
  '@nestjs/cache-manager',
  '@nestjs/typeorm',
  'joi',
];

export default {
  ...base,
  displayName: 'nest11',
  moduleNameMapper: {
    // Also applies to the require() of Jest's createRequire, so @ballast/config's lazy joi loader gets joi 17 too.
    [`^(${nest11Packages.join('|')})(/.*)?$`]: `${nest11}/$1$2`,
    ...base.moduleNameMapper,
  },
  testMatch: ['<rootDir>/packages/*/test/**/*.{spec,e2e-spec}.ts', '<rootDir>/test/nest11/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
