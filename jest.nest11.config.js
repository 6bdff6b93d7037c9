// The package suites again, with every @nestjs/* core package resolved to NestJS 11 (CommonJS) from test/nest11.
// The wrapped libraries (@nestjs/config, terminus, cache-manager) accept ^11 || ^12, so they stay as they are.
import base from './jest.config.js';

const nest11 = '<rootDir>/test/nest11/node_modules/@nestjs';

export default {
  ...base,
  displayName: 'nest11',
  moduleNameMapper: {
    '^@nestjs/(common|core|testing|platform-express|platform-fastify)(/.*)?$': `${nest11}/$1$2`,
    ...base.moduleNameMapper,
  },
  testMatch: ['<rootDir>/packages/*/test/**/*.{spec,e2e-spec}.ts', '<rootDir>/test/nest11/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
