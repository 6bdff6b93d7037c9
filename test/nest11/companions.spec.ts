import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describeCompanions } from '../versions/companions.js';
import { root } from '../versions/loaded.js';

// The NestJS 11 run (jest.nest11.config.js): what a Nest 11 app has, all CommonJS: NestJS 11, @nestjs/terminus 11,
// @nestjs/config 4, @nestjs/cache-manager 3, joi 17.
describeCompanions({
  common: { major: 11, format: 'commonjs' },
  core: { major: 11, format: 'commonjs' },
  terminus: { major: 11, format: 'commonjs', degradedStatus: false },
  config: { major: 4, format: 'commonjs' },
  cacheManager: { major: 3, format: 'commonjs' },
  joi: { major: 17, format: 'commonjs' },
});

// On disk, outside Jest's mapping: what Node itself resolves for test/nest11's copies (and so for the packages' dist
// installed there). A companion linked to Nest 12's @nestjs/common would be a second DI container in a real app.
describe('the install under test/nest11', () => {
  const nodeModules = join(root, 'test/nest11/node_modules');
  const versionOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;
  /** Where `dependency` resolves from `pkg`'s own folder in pnpm's layout (node_modules/.pnpm/<id>/node_modules). */
  const linked = (pkg: string, dependency: string) =>
    realpathSync(join(realpathSync(join(nodeModules, pkg)), '../'.repeat(pkg.split('/').length), dependency));

  it.each([
    '@nestjs/terminus',
    '@nestjs/config',
    '@nestjs/cache-manager',
    '@nestjs/typeorm',
    '@ballast/health',
    '@ballast/config',
    '@ballast/cache',
  ])('%s is linked to the NestJS 11 copy of @nestjs/common', (pkg) => {
    const common = realpathSync(join(nodeModules, '@nestjs/common'));
    expect(versionOf(common)).toMatch(/^11\./);
    expect(linked(pkg, '@nestjs/common')).toBe(common);
  });

  it.each([
    ['@nestjs/terminus', '@nestjs/core'],
    ['@nestjs/terminus', '@nestjs/typeorm'],
    ['@nestjs/cache-manager', '@nestjs/core'],
    ['@ballast/health', '@nestjs/terminus'],
    ['@ballast/config', '@nestjs/config'],
    ['@ballast/config', 'joi'],
    ['@ballast/cache', '@nestjs/cache-manager'],
  ])("%s is linked to test/nest11's %s", (pkg, dependency) => {
    expect(linked(pkg, dependency)).toBe(realpathSync(join(nodeModules, dependency)));
  });
});
