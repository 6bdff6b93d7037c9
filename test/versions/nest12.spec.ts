import { describeCompanions } from './companions.js';

// The NestJS 12 run (jest.config.js): NestJS 12 and the 12 generation of the wrapped libraries (ESM), joi 18.
describeCompanions({
  common: { major: 12, format: 'module' },
  core: { major: 12, format: 'module' },
  terminus: { major: 12, format: 'module', degradedStatus: true },
  config: { major: 12, format: 'module' },
  cacheManager: { major: 12, format: 'module' },
  joi: { major: 18, format: 'commonjs' },
});
