import type { CacheModuleOptions, CacheStoreOptions, HttpCacheOptions } from './cache.options.js';
import { resolveCacheOptions } from './cache.options.resolve.js';

describe('resolveCacheOptions', () => {
  it('defaults to one bounded memory cache', () => {
    const resolved = resolveCacheOptions({});
    expect(resolved.namespace).toBe('ballast');
    expect(resolved.caches).toHaveLength(1);
    expect(resolved.caches[0]).toMatchObject({
      name: 'default',
      store: 'memory',
      max: 10_000,
      ttl: 60_000,
      opTimeout: 100,
      critical: true,
      protectValues: true,
    });
    expect(resolved.http.skipPaths).toEqual(['/health']);
  });

  it('reads a redis:// store as shorthand, and makes Redis-backed caches non-critical', () => {
    const resolved = resolveCacheOptions({ store: 'redis://127.0.0.1:6379' });
    expect(resolved.caches[0]).toMatchObject({ store: 'redis', url: 'redis://127.0.0.1:6379', critical: false });
  });

  it('lets named caches inherit module-level settings and override them', () => {
    const resolved = resolveCacheOptions({
      store: 'tiered',
      url: 'redis://h:6379',
      ttl: 1_000,
      caches: { sessions: { ttl: 5_000 }, local: { store: 'memory', max: 10 } },
    });
    expect(resolved.caches.map((c) => [c.name, c.store, c.ttl, c.max])).toEqual([
      ['default', 'tiered', 1_000, 1_000],
      ['sessions', 'tiered', 5_000, 1_000],
      ['local', 'memory', 1_000, 10],
    ]);
  });

  it('lists every problem at once, naming the option and the fix', () => {
    let message = '';
    try {
      resolveCacheOptions({
        store: 'redis',
        ttl: -1,
        max: 0,
        protectValues: 'yes' as unknown as boolean,
        caches: { s: { store: 'disk' as never, nope: 1 } as never },
      });
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code: string }).code).toBe('BALLAST_CACHE_INVALID_OPTIONS');
    }
    expect(message).toMatch(/^Invalid BallastCacheModule options:/);
    expect(message).toMatch(/- url: store 'redis' needs a Redis URL such as 'redis:\/\/127.0.0.1:6379', got nothing/);
    expect(message).toMatch(/- ttl: must be a number >= 0/);
    expect(message).toMatch(/- max: must be a number >= 1/);
    expect(message).toMatch(/- protectValues: must be a boolean/);
    expect(message).toMatch(/- caches.s.store: "disk" is not one of memory\|redis\|tiered/);
    expect(message).toMatch(/- caches.s.nope: unknown option/);
  });

  it('never echoes a password from a Redis URL', () => {
    expect(() => resolveCacheOptions({ store: 'redis', url: 'redis://user:secret@host with space' })).toThrow(
      /url: .*\*\*\*@/,
    );
    expect(() => resolveCacheOptions({ store: 'redis', url: 'redis://user:secret@host with space' })).not.toThrow(
      /secret/,
    );
  });
});

describe('resolveCacheOptions: credential names', () => {
  it('adds http.credentialHeaders and http.credentialQueryParams to the built-in lists, in lower case', () => {
    const resolved = resolveCacheOptions({
      http: { credentialHeaders: ['X-Pass'], credentialQueryParams: ['Ticket'] },
    });
    expect(resolved.http.credentials.headers.has('x-pass')).toBe(true);
    expect(resolved.http.credentials.headers.has('x-api-key')).toBe(true);
    expect(resolved.http.credentials.query.has('ticket')).toBe(true);
  });

  it('names each invalid credential option and the fix', () => {
    expect(() =>
      resolveCacheOptions({ http: { credentialHeaders: 'x-pass' as never, credentialQueryParams: ['', 'a b'] } }),
    ).toThrow(
      /http\.credentialHeaders: must be an array[\s\S]*http\.credentialQueryParams: "", "a b" are not a valid name/,
    );
  });
});

describe('resolveCacheOptions: unknown options', () => {
  it('refuses an unknown option at the top level, in http and in a named cache, suggesting the closest one', () => {
    expect(() =>
      resolveCacheOptions({
        l1TTL: 1000,
        namespce: 'orders',
        http: { skipPath: ['/health'], identty: () => undefined },
        caches: { sessions: { tll: 5_000 } },
      } as CacheModuleOptions),
    ).toThrow(
      [
        'Invalid BallastCacheModule options:',
        '- l1TTL: unknown option; did you mean l1Ttl?',
        '- namespce: unknown option; did you mean namespace?',
        '- caches.sessions.tll: unknown option; did you mean caches.sessions.ttl?',
        '- http.skipPath: unknown option; did you mean http.skipPaths?',
        '- http.identty: unknown option; did you mean http.identity?',
      ].join('\n'),
    );
  });

  it('lists the options when an unknown one is close to none of them', () => {
    expect(() => resolveCacheOptions({ redisHost: 'h' } as CacheModuleOptions)).toThrow(
      'redisHost: unknown option; the options are store, url, ttl, max, l1Ttl, opTimeout, connectTimeout, ' +
        'breakerThreshold, breakerResetMs, refreshAhead, protectValues, critical, warnIntervalMs, namespace, caches, http.',
    );
    expect(() => resolveCacheOptions({ http: { varyOn: [] } } as CacheModuleOptions)).toThrow(
      'http.varyOn: unknown option; http accepts identity, credentialHeaders, credentialQueryParams, skipPaths, cache.',
    );
  });

  it('still accepts every known option, and the extras a forRootAsync factory may return (isGlobal, cacheNames)', () => {
    const store: Required<CacheStoreOptions> = {
      store: 'tiered',
      url: 'redis://127.0.0.1:6379',
      ttl: 1,
      max: 2,
      l1Ttl: 3,
      opTimeout: 4,
      connectTimeout: 5,
      breakerThreshold: 6,
      breakerResetMs: 7,
      refreshAhead: 8,
      protectValues: false,
      critical: true,
      warnIntervalMs: 9,
    };
    const http: Required<HttpCacheOptions> = {
      identity: () => undefined,
      credentialHeaders: ['x-pass'],
      credentialQueryParams: ['ticket'],
      skipPaths: ['/health'],
      cache: 'sessions',
    };
    const resolved = resolveCacheOptions({
      ...store,
      namespace: 'orders',
      caches: { sessions: store },
      http,
      isGlobal: true,
      cacheNames: ['sessions'],
    } as CacheModuleOptions);
    expect(resolved.caches.map((c) => c.name)).toEqual(['default', 'sessions']);
    expect(resolved.caches[1]).toMatchObject({ ...store, name: 'sessions' });
    expect(resolved.http.cache).toBe('sessions');
  });
});
