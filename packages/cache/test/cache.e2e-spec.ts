import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  BallastCache,
  BallastCacheModule,
  Cacheable,
  CacheService,
  HttpCache,
  InjectCache,
  type CacheModuleOptions,
} from '../src/index.js';

// A stand-in for ConfigService: a provider the async factory injects.
@Injectable()
class Settings {
  readonly ttlMs = 1_234;
}
@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

@Injectable()
class CacheOptionsFactory {
  createCacheOptions(): CacheModuleOptions {
    return { ttlMs: 4_321, caches: { sessions: { ttlMs: 100 } } };
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
    @Module({ imports: [BallastCacheModule.forRoot({ ttlMs: 500 })] })
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
          useFactory: (settings: Settings) => ({ ttlMs: settings.ttlMs, caches: { sessions: {} } }),
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
      /Invalid BallastCacheModule options:\n- max: must be an integer number of entries >= 1, got -1\.\n- url: store 'redis' needs a Redis URL/,
    );
  });

  it('refuses at boot an unknown option returned by a forRootAsync factory, suggesting the right one', async () => {
    @Module({
      imports: [
        BallastCacheModule.forRootAsync({
          useFactory: () => ({ l1TTLMs: 1000, caches: { sessions: { tllMs: 100 } } }) as CacheModuleOptions,
          cacheNames: ['sessions'],
        }),
      ],
    })
    class TypoModule {}
    await expect(create(TypoModule)).rejects.toThrow(
      'Invalid BallastCacheModule options:\n- l1TTLMs: unknown option; did you mean l1TtlMs?\n' +
        '- caches.sessions.tllMs: unknown option; did you mean caches.sessions.ttlMs?',
    );
  });

  it('refuses at boot old option names and the forRootAsync extras returned by its factory, naming the fix', async () => {
    @Module({
      imports: [
        BallastCacheModule.forRootAsync({
          useFactory: () =>
            ({
              ttl: 1000,
              isGlobal: true,
              cacheNames: ['sessions'],
              caches: { sessions: { refreshAhead: 10 } },
              http: { skipPaths: ['/health'] },
            }) as CacheModuleOptions,
          cacheNames: ['sessions'],
        }),
      ],
    })
    class OldNamesModule {}
    await expect(create(OldNamesModule)).rejects.toThrow(
      [
        'Invalid BallastCacheModule options:',
        '- ttl: unknown option; renamed: use ttlMs (milliseconds).',
        '- isGlobal: unknown option here; isGlobal is an option of forRoot()/forRootAsync() itself, not of the ' +
          'options the factory returns: write forRootAsync({ isGlobal: true, useFactory }).',
        '- cacheNames: unknown option; cacheNames is an option of forRootAsync() itself, not of the options the ' +
          "factory returns: write forRootAsync({ cacheNames: ['sessions'], useFactory }).",
        '- caches.sessions.refreshAhead: unknown option; renamed: use refreshAheadMs (milliseconds).',
        '- http.skipPaths: unknown option; renamed: use ignorePaths.',
      ].join('\n'),
    );
  });

  it('refuses the old per-call names (ttl, refreshAhead) instead of silently ignoring them', async () => {
    @Module({ imports: [BallastCacheModule.forRoot({})] })
    class AppModule {}
    const app = await create(AppModule);
    try {
      const cache = app.get(CacheService);
      await expect(cache.set('k', 1, { ttl: 100 } as never)).rejects.toMatchObject({
        code: 'BALLAST_CACHE_INVALID_OPTIONS',
        message: 'Invalid options of cache.set(): ttl was renamed: use ttlMs (milliseconds).',
      });
      await expect(cache.wrap('k', () => 1, { refreshAhead: 100 } as never)).rejects.toThrow(
        'Invalid options of cache.wrap(): refreshAhead was renamed: use refreshAheadMs (milliseconds).',
      );
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', 1, { ttlMs: 100 });
      expect(await cache.get('k')).toBe(1);
    } finally {
      await app.close();
    }
    expect(() => Cacheable({ ttl: 1 } as never)).toThrow(
      'Invalid options of @Cacheable(): ttl was renamed: use ttlMs (milliseconds).',
    );
    expect(() => Cacheable({ refreshAhead: 1 } as never)).toThrow(
      'Invalid options of @Cacheable(): refreshAhead was renamed: use refreshAheadMs (milliseconds).',
    );
    expect(() => HttpCache({ ttl: 1 } as never)).toThrow(
      'Invalid options of @HttpCache(): ttl was renamed: use ttlMs (milliseconds).',
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
