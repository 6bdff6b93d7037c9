// The guard both runs share: which generation of NestJS and of the wrapped libraries the packages' own code gets.
// If a mapping (or the install) broke, every result of a run would silently come from the other generation.
import * as commonImported from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BallastCacheModule } from '../../packages/cache/src/index.js';
import { BallastConfigModule } from '../../packages/config/src/index.js';
import { joi } from '../../packages/config/src/joi.js';
import { BallastHealthModule, HealthProbeService } from '../../packages/health/src/index.js';
import { loaded, moduleImports, packageEntries, paramTypes } from './loaded.js';

type Format = 'commonjs' | 'module';

/** What one run must load. */
export interface Generation {
  common: { major: number; format: Format };
  core: { major: number; format: Format };
  terminus: { major: number; format: Format; degradedStatus: boolean };
  config: { major: number; format: Format };
  cacheManager: { major: number; format: Format };
  joi: { major: number; format: Format };
}

const major = (version: string) => Number(version.split('.')[0]);

/** A CommonJS file was loaded by the CommonJS loader: `require()` and `import` give the same exports object. */
function expectFormat(found: Awaited<ReturnType<typeof loaded>>, format: Format) {
  expect(found.format).toBe(format);
  if (format === 'commonjs') expect(found.exports.default).toBe(found.required);
}

export function describeCompanions(generation: Generation) {
  describe('the companions the packages get', () => {
    it.each(['@nestjs/common', '@nestjs/core'])(
      'every package resolves %s to one copy of the expected major',
      async (name) => {
        const expected = name === '@nestjs/common' ? generation.common : generation.core;
        const found = await Promise.all(packageEntries.map((entry) => loaded(name, entry)));
        expect(new Set(found.map((one) => one.file)).size).toBe(1);
        expect(major(found[0]!.version)).toBe(expected.major);
        expectFormat(found[0]!, expected.format);
        if (name === '@nestjs/common') expect(found[0]!.exports.Injectable).toBe(commonImported.Injectable);
      },
    );

    it('@nestjs/core: HealthProbeService is injected with that copy of ModuleRef and HttpAdapterHost', async () => {
      const core = await loaded('@nestjs/core', 'packages/health/src/health.service.ts');
      expect(paramTypes(HealthProbeService)).toEqual(
        expect.arrayContaining([core.exports.ModuleRef, core.exports.HttpAdapterHost]),
      );
    });

    it('@nestjs/terminus: the copy @ballast/health loads on the first probe, not at startup', async () => {
      const terminus = await loaded('@nestjs/terminus', 'packages/health/src/terminus/lazy-terminus.ts');
      expect(major(terminus.version)).toBe(generation.terminus.major);
      expectFormat(terminus, generation.terminus.format);
      expect(moduleImports(BallastHealthModule)).not.toContain(terminus.exports.TerminusModule);
      const app = await NestFactory.createApplicationContext(BallastHealthModule.forRoot(), { logger: false });
      // The modules in the app's container (lazily loaded ones included), by class.
      const modules = () =>
        [
          ...(app as unknown as { container: { getModules(): Map<string, { metatype: unknown }> } }).container
            .getModules()
            .values(),
        ].map((module) => module.metatype);
      try {
        expect(modules()).not.toContain(terminus.exports.TerminusModule);
        const live = await app.get(HealthProbeService).probe('live');
        expect(live.status).toBe(200);
        expect(live.body.info).toHaveProperty('memory_heap');
        // Loaded into the app's container by the probe: that copy's module is the one registered.
        expect(modules()).toContain(terminus.exports.TerminusModule);
      } finally {
        await app.close();
      }
      // The API difference itself: terminus 12's indicator sessions have `degraded()`, terminus 11's do not.
      const session = new terminus.exports.HealthIndicatorService().check('probe');
      expect('degraded' in session).toBe(generation.terminus.degradedStatus);
    });

    it('@nestjs/config: the ConfigModule and ConfigService that @ballast/config uses', async () => {
      const config = await loaded('@nestjs/config', 'packages/config/src/config.module.ts');
      expect(major(config.version)).toBe(generation.config.major);
      expectFormat(config, generation.config.format);
      expect(moduleImports(BallastConfigModule)).toContain(config.exports.ConfigModule);
      expect(Reflect.getMetadata('exports', BallastConfigModule)).toContain(config.exports.ConfigService);
    });

    it('@nestjs/cache-manager: the copy @ballast/cache resolves, whose CACHE_MANAGER it provides', async () => {
      const cacheManager = await loaded('@nestjs/cache-manager', 'packages/cache/src/cache.module.ts');
      expect(major(cacheManager.version)).toBe(generation.cacheManager.major);
      expectFormat(cacheManager, generation.cacheManager.format);
      // ...and the copy the cache suites use (its CacheInterceptor reads that CACHE_MANAGER).
      expect((await loaded('@nestjs/cache-manager', 'packages/cache/test/fixtures/http-app.ts')).file).toBe(
        cacheManager.file,
      );
      expect(Reflect.getMetadata('exports', BallastCacheModule)).toContain(cacheManager.exports.CACHE_MANAGER);
    });

    it("joi: what @ballast/config's lazy loader (createRequire) returns", async () => {
      const fromLoader = joi() as unknown as { version: string };
      const found = await loaded('joi', 'packages/config/src/joi.ts');
      expect(major(fromLoader.version)).toBe(generation.joi.major);
      expect(found.version).toBe(fromLoader.version);
      expectFormat(found, generation.joi.format);
      expect(found.exports.default).toBe(fromLoader);
      // ...and the joi the config suites build their schemas with.
      expect((await loaded('joi', 'packages/config/test/config.e2e-spec.ts')).exports.default).toBe(fromLoader);
    });
  });
}
