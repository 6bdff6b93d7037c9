import { readFileSync } from 'node:fs';
import { Injectable, Module } from '@nestjs/common';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import {
  BallastHealthModule,
  HEALTH_INDICATOR_UNRESOLVED,
  HEALTH_INVALID_OPTIONS,
  type HealthModuleOptions,
} from '../src/index.js';

const SETTINGS = 'HEALTH_TEST_SETTINGS';

@Module({ providers: [{ provide: SETTINGS, useValue: { path: 'probes', budgetMs: 1_500 } }], exports: [SETTINGS] })
class SettingsModule {}

@Injectable()
class HealthOptionsFactory {
  createHealthOptions(): HealthModuleOptions {
    return { path: 'from-class', startup: true };
  }
}

describe.each(adapters)('BallastHealthModule registration on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('forRootAsync with useFactory + inject: the path comes from the factory', async () => {
    @Module({
      imports: [
        BallastHealthModule.forRootAsync({
          imports: [SettingsModule],
          inject: [SETTINGS],
          useFactory: async (settings: { path: string; budgetMs: number }) => settings,
        }),
      ],
    })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    expect((await app.request('/probes/live')).status).toBe(200);
    expect((await app.request('/probes/ready')).status).toBe(200);
    expect((await app.request('/health/ready')).status).toBe(404);
  });

  it('forRootAsync with useClass', async () => {
    @Module({ imports: [BallastHealthModule.forRootAsync({ useClass: HealthOptionsFactory })] })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    expect((await app.request('/from-class/startup')).status).toBe(200);
  });

  it('two registrations keep their own paths', async () => {
    @Module({ imports: [BallastHealthModule.forRoot({ path: 'a' })] })
    class A {}
    @Module({ imports: [BallastHealthModule.forRoot({ path: 'b' })] })
    class B {}
    @Module({ imports: [A, B] })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    expect((await app.request('/a/live')).status).toBe(200);
    expect((await app.request('/b/live')).status).toBe(200);
  });

  it('keeps the probes outside the global prefix when the app excludes them', async () => {
    @Module({ imports: [BallastHealthModule.forRoot({})] })
    class AppModule {}
    app = await bootApp(AppModule, adapter, {
      configure: (nest) => {
        nest.setGlobalPrefix('api', { exclude: ['health/live', 'health/ready'] });
      },
    });
    expect((await app.request('/health/live')).status).toBe(200);
    expect((await app.request('/api/health/live')).status).toBe(404);
  });

  it('refuses invalid options at boot with a message naming each option', async () => {
    @Module({ imports: [BallastHealthModule.forRoot({ budgetMs: 0, path: 'a b' })] })
    class BadModule {}
    await expect(bootApp(BadModule, adapter)).rejects.toMatchObject({
      code: HEALTH_INVALID_OPTIONS,
      message: expect.stringMatching(
        /- path: must be a plain URL path .*got "a b"\.\n- budgetMs: must be an integer number of milliseconds from 1/,
      ),
    });
  });

  it('says how to fix an indicator class it cannot create', async () => {
    class Missing {}
    @Injectable()
    class NeedsMissing {
      constructor(readonly missing: Missing) {}
      check() {
        return { up: true };
      }
    }
    @Module({
      imports: [BallastHealthModule.forRoot({ readiness: { indicators: [{ name: 'x', use: NeedsMissing }] } })],
    })
    class BadModule {}
    await expect(bootApp(BadModule, adapter)).rejects.toMatchObject({
      code: HEALTH_INDICATOR_UNRESOLVED,
      message: expect.stringContaining('register NeedsMissing as a provider'),
    });
  });
});

describe('README', () => {
  it('documents every error code', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of [HEALTH_INVALID_OPTIONS, HEALTH_INDICATOR_UNRESOLVED]) expect(readme).toContain(code);
  });
});
