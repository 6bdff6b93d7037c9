import { type INestApplicationContext, type LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createClient } from '@keyv/redis';
import { serviceUrl, sleep, RedisServer, freePort } from '@ballast/test-support';
import { BallastCacheModule, CacheService, type BallastCache, type CacheModuleOptions } from '../src/index.js';
import { storeCases, uniqueNamespace } from './fixtures/stores.js';

// The timeline: the loader reads the source for 200 ms; the data changes at 50 ms and is invalidated.
const LOAD_MS = 200;
const INVALIDATE_AT_MS = 50;

async function boot(options: CacheModuleOptions, logger: LoggerService | false = false) {
  @Module({ imports: [BallastCacheModule.forRoot(options)] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger, abortOnError: false });
}

/**
 * A loader that reads `old` for LOAD_MS (the source changes meanwhile), counting its calls. `readingFor(ms)` resolves
 * `ms` after the first call began reading: the timeline counts from the loader's start, not from `wrap()`'s (which
 * first reads Redis, slower on a loaded machine).
 */
function slowSource() {
  const source = { value: 'old', calls: 0 };
  let started!: () => void;
  const first = new Promise<void>((resolve) => (started = resolve));
  const load = async () => {
    source.calls++;
    started();
    const read = source.value;
    await sleep(LOAD_MS);
    return read;
  };
  const readingFor = async (ms: number) => {
    await first;
    await sleep(ms);
  };
  return { source, load, readingFor };
}

/** Straight to Redis, past the cache: what every instance would read. */
async function rawRedis(url: string) {
  const client = createClient({ url });
  await client.connect();
  return client;
}

describe.each(storeCases())('invalidation wins over a load in flight on $name', ({ name, options: store }) => {
  let app: INestApplicationContext;
  let cache: CacheService;
  let raw: Awaited<ReturnType<typeof rawRedis>> | undefined;
  // A second instance of the app on the same Redis and namespace (another pod).
  let otherApp: INestApplicationContext | undefined;
  let other: CacheService;
  const namespace = uniqueNamespace('invalidation');

  beforeAll(async () => {
    app = await boot({ ...store, namespace, ttlMs: 60_000 });
    cache = app.get(CacheService);
    if (store.store !== 'memory') {
      raw = await rawRedis(serviceUrl('REDIS_URL')!);
      otherApp = await boot({ ...store, namespace, ttlMs: 60_000 });
      other = otherApp.get(CacheService);
    }
  });
  afterAll(async () => {
    await cache.clear();
    await raw?.close();
    await otherApp?.close();
    await app.close();
  });

  /** Neither the cache nor Redis itself holds `key`. */
  async function expectGone(key: string) {
    expect(await cache.get(key)).toBeUndefined();
    if (raw) expect(await raw.exists(cache.key(key))).toBe(0);
  }

  const cases: [string, string, (key: string) => Promise<unknown>, string[]][] = [
    ['del(key)', 'del:1', (key) => cache.del(key), []],
    ['invalidateTags()', 'tagged:1', () => cache.invalidateTags('items'), ['items']],
    ['invalidatePrefix()', 'prefixed:1', () => cache.invalidatePrefix('prefixed:'), []],
    ['clear()', 'cleared:1', () => cache.clear(), []],
  ];

  it.each(cases)(
    '%s at 50 ms of a 200 ms load: the caller gets the value, the cache keeps nothing',
    async (_, key, invalidate, tags) => {
      const { source, load, readingFor } = slowSource();
      const before = cache.stats().staleLoads ?? 0;
      const loading = cache.wrap(key, load, { tags });
      // A second caller, 10 ms into the load: it shares it (one loader call).
      const joined = readingFor(10).then(() => cache.wrap(key, load, { tags }));
      await readingFor(INVALIDATE_AT_MS);
      source.value = 'new';
      await invalidate(key);
      expect(await loading).toBe('old');
      expect(await joined).toBe('old');
      await sleep(100); // let a store that should not happen land, if it were going to
      await expectGone(key);
      expect(cache.stats().staleLoads).toBe(before + 1);
      // The next read loads the new value, and that one is cached.
      expect(await cache.wrap(key, load, { tags })).toBe('new');
      expect(await cache.get(key)).toBe('new');
      expect(source.calls).toBe(2);
    },
  );

  it('a caller arriving after the delete does not join the load that read before it', async () => {
    const { source, load, readingFor } = slowSource();
    const first = cache.wrap('late:1', load);
    await readingFor(INVALIDATE_AT_MS);
    source.value = 'new';
    await cache.del('late:1');
    expect(await cache.wrap('late:1', load)).toBe('new');
    expect(await first).toBe('old');
    await sleep(100);
    expect(await cache.get('late:1')).toBe('new');
  });

  it('set() during a load wins over the loaded value', async () => {
    const { load, readingFor } = slowSource();
    const loading = cache.wrap('set:1', load);
    await readingFor(INVALIDATE_AT_MS);
    await cache.set('set:1', 'written');
    expect(await loading).toBe('old');
    await sleep(100);
    expect(await cache.get('set:1')).toBe('written');
  });

  if (name !== 'memory') {
    const across: [string, string, (key: string) => Promise<unknown>, string[]][] = [
      ['del(key)', 'across-del:1', (key) => other.del(key), []],
      ['invalidateTags()', 'across-tagged:1', () => other.invalidateTags('across'), ['across']],
      ['invalidatePrefix()', 'across-prefixed:1', () => other.invalidatePrefix('across-prefixed:'), []],
    ];

    it.each(across)(
      '%s on another instance during the load: no instance keeps the old value',
      async (_, key, invalidate, tags) => {
        const { source, load, readingFor } = slowSource();
        const before = cache.stats().staleLoads;
        const loading = cache.wrap(key, load, { tags });
        await readingFor(INVALIDATE_AT_MS);
        source.value = 'new';
        await invalidate(key);
        expect(await loading).toBe('old');
        await sleep(100);
        expect(await raw!.exists(cache.key(key))).toBe(0);
        expect(await other.get(key)).toBeUndefined();
        expect(await cache.get(key)).toBeUndefined();
        expect(cache.stats().staleLoads).toBe(before + 1);
        expect(await other.wrap(key, load, { tags })).toBe('new');
        expect(await cache.get(key)).toBe('new');
      },
    );
  }

  it('a tag invalidation leaves loads of other tags alone', async () => {
    const { load, readingFor } = slowSource();
    const loading = cache.wrap('other-tag:1', load, { tags: ['other'] });
    await readingFor(INVALIDATE_AT_MS);
    await cache.invalidateTags('items');
    expect(await loading).toBe('old');
    await sleep(100);
    expect(await cache.get('other-tag:1')).toBe('old');
    if (name !== 'memory') expect(await raw!.exists(cache.key('other-tag:1'))).toBe(1);
  });
});

/** Keeps what the app logs, to find the warnings. */
class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

// A redis-server of our own: the tests freeze it (SIGSTOP), and count its commands with INFO commandstats.
describe('Redis down, and shared Redis reads', () => {
  let redis: RedisServer;
  let raw: Awaited<ReturnType<typeof rawRedis>>;
  let app: INestApplicationContext;
  const logger = new CapturingLogger();
  const caches: Record<string, BallastCache> = {};

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    raw = await rawRedis(redis.url);
    app = await boot(
      {
        store: 'redis',
        url: redis.url,
        namespace: uniqueNamespace('pending'),
        ttlMs: 60_000,
        // Generous for a loaded CI machine (other suites start Redis clusters meanwhile): with one failure opening the
        // breaker, a slow answer at 100 ms skipped every command of a test.
        opTimeoutMs: 500,
        // One failure opens the breaker: the delete below is not even sent (the case a timed-out command cannot
        // hide: a command sent to a frozen Redis still runs when it thaws).
        breakerThreshold: 1,
        breakerResetMs: 1_000,
        warnIntervalMs: 60_000,
        caches: { tiered: { store: 'tiered' } },
      },
      logger,
    );
    const service = app.get(CacheService);
    caches.redis = service.cache();
    caches.tiered = service.cache('tiered');
  }, 30_000);

  afterAll(async () => {
    redis.thaw();
    await raw?.close();
    await app?.close();
    await redis.kill();
  }, 30_000);

  // Each test starts with both caches connected and their breakers closed (a slow command before it may have opened one).
  beforeEach(async () => {
    await waitUntilBack(caches.redis!);
    await waitUntilBack(caches.tiered!);
  }, 30_000);

  /** Reads (a miss: the breaker's trial) until the breaker closed and nothing waits to be replayed. */
  async function waitUntilBack(cache: BallastCache) {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      await cache.get('absent');
      if (cache.stats().circuit === 'closed' && !cache.stats().pendingDeletes) return;
      await sleep(100);
    }
    throw new Error('Redis did not come back within 15 s');
  }

  async function commandCalls(command: string): Promise<number> {
    const info = await raw.info('commandstats');
    const match = new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info);
    return match ? Number(match[1]) : 0;
  }

  it.each(['redis', 'tiered'])(
    '%s: 1,000 concurrent misses of one key cost one Redis GET and one loader call',
    async (which) => {
      const cache = caches[which];
      let calls = 0;
      const loader = async () => {
        calls++;
        await sleep(50);
        return { loaded: true };
      };
      await raw.configResetStat();
      const results = await Promise.all(Array.from({ length: 1_000 }, () => cache.wrap('burst', loader)));
      expect(calls).toBe(1);
      expect(results.every((r) => r.loaded)).toBe(true);
      // One GET of the value; the load then reads its fence keys (one MGET) and stores its value with one conditional
      // script (EVAL), whose own MGET (of the fence keys) and SET Redis counts too.
      expect(await commandCalls('get')).toBe(1);
      expect(await commandCalls('mget')).toBe(2);
      expect(await commandCalls('eval')).toBe(1);
      expect(await commandCalls('set')).toBe(1);
    },
  );

  it('1,000 concurrent reads of one key cost one Redis GET, and each caller gets its own copy', async () => {
    const cache = caches.redis;
    await cache.set('shared', { n: 1 });
    await raw.configResetStat();
    const results = await Promise.all(Array.from({ length: 1_000 }, () => cache.get<{ n: number }>('shared')));
    expect(await commandCalls('get')).toBe(1);
    expect(results.every((r) => r?.n === 1)).toBe(true);
    results[0]!.n = 2;
    expect(results[1]!.n).toBe(1);
  });

  it.each(['redis', 'tiered'])(
    '%s: a delete while Redis is down is logged with its key and replayed; the old value never comes back',
    async (which) => {
      const cache = caches[which];
      await cache.set('user:1', 'old');
      await cache.set('tagged:1', 'old', { tags: ['users'] });
      expect(await cache.get('user:1')).toBe('old');
      redis.freeze();
      try {
        expect(await cache.get('absent')).toBeUndefined(); // times out: the breaker opens
        expect(cache.stats().circuit).toBe('open');
        await cache.del('user:1');
        await cache.invalidateTags('users');
        // While the deletes wait, reads of what they cover miss (L1 of tiered was emptied at once).
        expect(await cache.get('user:1')).toBeUndefined();
      } finally {
        redis.thaw();
      }
      // Once Redis is back they are replayed before its entries are read: the old values never come back.
      await waitUntilBack(cache);
      expect(await cache.get('user:1')).toBeUndefined();
      expect(await cache.get('tagged:1')).toBeUndefined();
      expect(await raw.exists([cache.key('user:1'), cache.key('tagged:1')])).toBe(0);
      const warned = logger.warnings.filter((w) => w.includes(cache.key('user:1')));
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain('did not reach Redis');
      expect(logger.warnings.some((w) => w.includes('"users"'))).toBe(true);
    },
    30_000,
  );
});
