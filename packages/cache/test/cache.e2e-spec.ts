import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BallastCache, BallastCacheModule, CacheService, InjectCache, type CacheModuleOptions } from '../src/index.js';

// A stand-in for ConfigService: a provider the async factory injects.
@Injectable()
class Settings {
  readonly ttl = 1_234;
}
@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

@Injectable()
class CacheOptionsFactory {
  createCacheOptions(): CacheModuleOptions {
    return { ttl: 4_321, caches: { sessions: { ttl: 100 } } };
  }
}

@Injectable()
class SessionsUser {
  constructor(@InjectCache('sessions') readonly sessions: BallastCache) {}
}

async function create(module: unknown) {
  return NestFactory.createApplicationContext(module as never, { logger: false, abortOnError: false });
}

describe('BallastCacheModule', () => {
  it('boots with forRoot and injects CacheService by type', async () => {
    @Module({ imports: [BallastCacheModule.forRoot({ ttl: 500 })] })
    class AppModule {}
    const app = await create(AppModule);
    try {
      const service = app.get(CacheService);
      expect(service).toBeInstanceOf(CacheService);
      await service.set('x', 1);
      expect(await service.get('x')).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useFactory + inject)', async () => {
    @Module({
      imports: [
        BallastCacheModule.forRootAsync({
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: (settings: Settings) => ({ ttl: settings.ttl, caches: { sessions: {} } }),
          cacheNames: ['sessions'],
        }),
      ],
      providers: [SessionsUser],
    })
    class AppModule {}
    const app = await create(AppModule);
    try {
      expect(app.get(CacheService).cache().name).toBe('default');
      expect(app.get(SessionsUser).sessions.name).toBe('sessions');
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useClass)', async () => {
    @Module({
      imports: [BallastCacheModule.forRootAsync({ useClass: CacheOptionsFactory, cacheNames: ['sessions'] })],
      providers: [SessionsUser],
    })
    class AppModule {}
    const app = await create(AppModule);
    try {
      const sessions = app.get(SessionsUser).sessions;
      await sessions.set('s', 'v');
      expect(await sessions.get('s')).toBe('v');
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with a message naming each option and its fix', async () => {
    @Module({ imports: [BallastCacheModule.forRoot({ store: 'redis', max: -1 })] })
    class BadModule {}
    await expect(create(BadModule)).rejects.toThrow(
      /Invalid BallastCacheModule options:\n- url: store 'redis' needs a Redis URL[^\n]*\n- max: must be a number >= 1/,
    );
  });

  it('refuses at boot an unknown option returned by a forRootAsync factory, suggesting the right one', async () => {
    @Module({
      imports: [
        BallastCacheModule.forRootAsync({
          useFactory: () => ({ l1TTL: 1000, caches: { sessions: { tll: 100 } } }) as CacheModuleOptions,
          cacheNames: ['sessions'],
        }),
      ],
    })
    class TypoModule {}
    await expect(create(TypoModule)).rejects.toThrow(
      'Invalid BallastCacheModule options:\n- l1TTL: unknown option; did you mean l1Ttl?\n' +
        '- caches.sessions.tll: unknown option; did you mean caches.sessions.ttl?',
    );
  });

  it('says which cache is unknown and how to declare it', async () => {
    @Module({ imports: [BallastCacheModule.forRootAsync({ useFactory: () => ({}), cacheNames: ['sessions'] })] })
    class MissingModule {}
    await expect(create(MissingModule)).rejects.toThrow(/No cache named "sessions" is registered/);
  });

  it('documents every error code in the README', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const errors = await import('../src/cache.errors.js');
    const codes = (Object.values(errors) as unknown[]).filter(
      (v): v is string => typeof v === 'string' && v.startsWith('BALLAST_'),
    );
    expect(codes.length).toBeGreaterThanOrEqual(3);
    for (const code of codes) expect(readme).toContain(code);
  });
});
