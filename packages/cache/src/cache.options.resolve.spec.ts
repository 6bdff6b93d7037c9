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
      ttlMs: 60_000,
      opTimeoutMs: 100,
      critical: true,
      protectValues: true,
    });
    expect(resolved.http.ignorePaths).toEqual(['/health']);
    expect(resolved.http.isIgnored('/health/live')).toBe(true);
    expect(resolved.http.isIgnored('/healthz')).toBe(false);
  });

  it('reads a redis:// store as shorthand, and makes Redis-backed caches non-critical', () => {
    const resolved = resolveCacheOptions({ store: 'redis://127.0.0.1:6379' });
    expect(resolved.caches[0]).toMatchObject({ store: 'redis', url: 'redis://127.0.0.1:6379', critical: false });
  });

  it('lets named caches inherit module-level settings and override them', () => {
    const resolved = resolveCacheOptions({
      store: 'tiered',
      url: 'redis://h:6379',
      ttlMs: 1_000,
      caches: { sessions: { ttlMs: 5_000 }, local: { store: 'memory', max: 10 } },
    });
    expect(resolved.caches.map((c) => [c.name, c.store, c.ttlMs, c.max])).toEqual([
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
        ttlMs: -1,
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
    expect(message).toContain('- ttlMs: must be an integer number of milliseconds >= 0, got -1.');
    expect(message).toContain('- max: must be an integer number of entries >= 1, got 0.');
    expect(message).toContain('- protectValues: must be a boolean (true or false), got "yes".');
    expect(message).toContain(
      `- caches.s.store: must be one of 'memory', 'redis', 'tiered', got "disk". A 'redis://' or 'rediss://' URL is shorthand for { store: 'redis', url }.`,
    );
    expect(message).toMatch(/- caches.s.nope: unknown option; the options are caches.s.store, /);
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

describe('resolveCacheOptions: Redis URLs', () => {
  it('never echoes a password given in a malformed store', () => {
    let message = '';
    try {
      resolveCacheOptions({ store: 'redis:/user:secret@host' as never });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      `- store: must be one of 'memory', 'redis', 'tiered', or a 'redis://' URL, got "redis:/***@host".`,
    );
    expect(message).not.toContain('secret');
  });

  it("lets a named cache change the kind of the module's redis:// store and keep its URL", () => {
    const resolved = resolveCacheOptions({ store: 'redis://h:6379', caches: { hot: { store: 'tiered' } } });
    expect(resolved.caches.map((c) => [c.name, c.store, c.url, c.max, c.critical])).toEqual([
      ['default', 'redis', 'redis://h:6379', 10_000, false],
      ['hot', 'tiered', 'redis://h:6379', 1_000, false],
    ]);
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
      [
        '- http.credentialHeaders: must be an array of header names (no spaces or separators), got "x-pass". They are added to the built-in list, e.g. [\'x-tenant-pass\'].',
        '- http.credentialQueryParams: item 0 must be a parameter name (non-empty, no spaces), got "". They are added to the built-in list, e.g. [\'ticket\'].',
      ].join('\n'),
    );
  });
});

describe('resolveCacheOptions: unknown options', () => {
  it('refuses an unknown option at the top level, in http and in a named cache, suggesting the closest one', () => {
    expect(() =>
      resolveCacheOptions({
        l1TTLMs: 1000,
        namespce: 'orders',
        http: { ignorePath: ['/health'], identty: () => undefined },
        caches: { sessions: { tllMs: 5_000 } },
      } as CacheModuleOptions),
    ).toThrow(
      [
        'Invalid BallastCacheModule options:',
        '- l1TTLMs: unknown option; did you mean l1TtlMs?',
        '- namespce: unknown option; did you mean namespace?',
        '- caches.sessions.tllMs: unknown option; did you mean caches.sessions.ttlMs?',
        '- http.ignorePath: unknown option; did you mean http.ignorePaths?',
        '- http.identty: unknown option; did you mean http.identity?',
      ].join('\n'),
    );
  });

  it('lists the options when an unknown one is close to none of them, at every level', () => {
    expect(() => resolveCacheOptions({ redisHost: 'h' } as CacheModuleOptions)).toThrow(
      'redisHost: unknown option; the options are store, url, cluster, sentinel, username, password, tls, ttlMs, max, l1TtlMs, l1Sync, l1FallbackTtlMs, loadLock, loadLockWaitMs, loadLockTtlMs, opTimeoutMs, connectTimeoutMs, ' +
        'breakerThreshold, breakerResetMs, refreshAheadMs, protectValues, critical, warnIntervalMs, namespace, caches, http.',
    );
    expect(() => resolveCacheOptions({ http: { varyOn: [] } } as CacheModuleOptions)).toThrow(
      'http.varyOn: unknown option; the options are http.identity, http.credentialHeaders, http.credentialQueryParams, ' +
        'http.ignorePaths, http.cache.',
    );
    expect(() => resolveCacheOptions({ caches: { s: { namespace: 'x' } } } as CacheModuleOptions)).toThrow(
      /- caches\.s\.namespace: unknown option; the options are caches\.s\.store, caches\.s\.url, caches\.s\.cluster, /,
    );
  });

  it('refuses loadLock on a memory cache, naming the fix', () => {
    expect(() => resolveCacheOptions({ loadLock: true })).toThrow(
      /- loadLock: needs Redis: set store 'redis' or 'tiered'/,
    );
    expect(() => resolveCacheOptions({ caches: { geo: { store: 'memory', loadLock: true } } })).toThrow(
      /- caches\.geo\.loadLock: needs Redis/,
    );
  });

  it('accepts every known option', () => {
    // cluster and sentinel are the other ways to give url (cache.topology.spec.ts).
    const store: Required<Omit<CacheStoreOptions, 'cluster' | 'sentinel' | 'username' | 'password' | 'tls'>> = {
      store: 'tiered',
      url: 'redis://127.0.0.1:6379',
      ttlMs: 1,
      max: 2,
      l1TtlMs: 3,
      l1Sync: false,
      l1FallbackTtlMs: 10,
      loadLock: true,
      loadLockWaitMs: 11,
      loadLockTtlMs: 12,
      opTimeoutMs: 4,
      connectTimeoutMs: 5,
      breakerThreshold: 6,
      breakerResetMs: 7,
      refreshAheadMs: 8,
      protectValues: false,
      critical: true,
      warnIntervalMs: 9,
    };
    const http: Required<HttpCacheOptions> = {
      identity: () => undefined,
      credentialHeaders: ['x-pass'],
      credentialQueryParams: ['ticket'],
      ignorePaths: ['/health', /^\/internal\//],
      cache: 'sessions',
    };
    const resolved = resolveCacheOptions({ ...store, namespace: 'orders', caches: { sessions: store }, http });
    expect(resolved.caches.map((c) => c.name)).toEqual(['default', 'sessions']);
    expect(resolved.caches[0]).toMatchObject({ ...store, name: 'default' });
    expect(resolved.caches[1]).toMatchObject({ ...store, name: 'sessions' });
    expect(resolved.http.cache).toBe('sessions');
  });

  it('refuses isGlobal and cacheNames returned by a forRootAsync factory, saying where they belong', () => {
    expect(() => resolveCacheOptions({ isGlobal: true, cacheNames: ['sessions'] } as CacheModuleOptions)).toThrow(
      [
        'Invalid BallastCacheModule options:',
        '- isGlobal: unknown option here; isGlobal is an option of forRoot()/forRootAsync() itself, not of the options ' +
          'the factory returns: write forRootAsync({ isGlobal: true, useFactory }).',
        '- cacheNames: unknown option; cacheNames is an option of forRootAsync() itself, not of the options the ' +
          "factory returns: write forRootAsync({ cacheNames: ['sessions'], useFactory }).",
      ].join('\n'),
    );
  });
});

describe('resolveCacheOptions: renamed options', () => {
  it('refuses the old millisecond names with the new one, at the top level and in a named cache', () => {
    expect(() =>
      resolveCacheOptions({
        ttl: 1_000,
        l1Ttl: 1_000,
        opTimeout: 50,
        connectTimeout: 500,
        refreshAhead: 100,
        caches: { sessions: { ttl: 5_000 } },
      } as CacheModuleOptions),
    ).toThrow(
      [
        'Invalid BallastCacheModule options:',
        '- ttl: unknown option; renamed: use ttlMs (milliseconds).',
        '- l1Ttl: unknown option; renamed: use l1TtlMs (milliseconds).',
        '- opTimeout: unknown option; renamed: use opTimeoutMs (milliseconds).',
        '- connectTimeout: unknown option; renamed: use connectTimeoutMs (milliseconds).',
        '- refreshAhead: unknown option; renamed: use refreshAheadMs (milliseconds).',
        '- caches.sessions.ttl: unknown option; renamed: use ttlMs (milliseconds).',
      ].join('\n'),
    );
  });

  it('refuses http.skipPaths with the new name, and checks ignorePaths entries', () => {
    expect(() => resolveCacheOptions({ http: { skipPaths: ['/health'] } } as CacheModuleOptions)).toThrow(
      '- http.skipPaths: unknown option; renamed: use ignorePaths.',
    );
    expect(() => resolveCacheOptions({ http: { ignorePaths: ['health'] } })).toThrow(
      `- http.ignorePaths: item 0 must be a path starting with '/' or a RegExp, got "health".`,
    );
  });
});

describe('resolveCacheOptions: http.ignorePaths', () => {
  it('matches a string path, its trailing slash and everything under it, and a RegExp against the path', () => {
    const { isIgnored } = resolveCacheOptions({ http: { ignorePaths: ['/health', /^\/v\d+\/stream$/] } }).http;
    expect(['/health', '/health/', '/health/live?x=1', '/v2/stream', '/v2/stream?x=1'].map(isIgnored)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['/healthz', '/api/health', '/v2/streams', '/users'].map(isIgnored)).toEqual([false, false, false, false]);
  });
});
