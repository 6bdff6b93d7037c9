import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createClient } from '@keyv/redis';
import { describeWithService, RedisServer, serviceUrl, sleep } from '@ballast/test-support';
import { BallastCacheModule, CacheRegistry, CacheService, type CacheModuleOptions } from '../src/index.js';
import { uniqueNamespace } from './fixtures/stores.js';

/** One instance of the app (another pod): its own process memory (L1), the shared Redis. */
async function boot(options: CacheModuleOptions): Promise<INestApplicationContext> {
  @Module({ imports: [BallastCacheModule.forRoot(options)] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

/** What the cache reports to @ballast/health. */
async function syncState(app: INestApplicationContext): Promise<unknown> {
  return (await app.get(CacheRegistry).get().probe()).details.l1Sync;
}

/** Polls `read` until it returns `expected` or `withinMs` passes; resolves to the ms it took, or -1. */
async function settles(read: () => Promise<unknown>, expected: unknown, withinMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if ((await read()) === expected) return performance.now() - started;
    await sleep(2);
  }
  return -1;
}

// L1 entries would otherwise live a minute: any stale read below comes from a missed eviction, never from expiry.
const LONG_L1 = { store: 'tiered', ttlMs: 600_000, l1TtlMs: 60_000, opTimeoutMs: 2_000 } as const;
// A loaded 2-core machine: the bus takes a few ms; a missed message would show for the whole minute.
const BUS_BOUND_MS = 1_000;

describeWithService('REDIS_URL')('tiered caches on several instances (l1Sync)', () => {
  const url = serviceUrl('REDIS_URL')!;
  const namespace = uniqueNamespace('replicas');
  const apps: INestApplicationContext[] = [];
  let a: CacheService;
  let b: CacheService;
  let c: CacheService;
  const latencies: number[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) apps.push(await boot({ ...LONG_L1, url, namespace }));
    [a, b, c] = apps.map((app) => app.get(CacheService));
    // Every channel subscribed before the first message.
    for (const app of apps) expect(await settles(() => syncState(app), 'up', 5_000)).toBeGreaterThanOrEqual(0);
  });
  afterAll(async () => {
    await a.clear();
    for (const app of apps) await app.close();
    if (latencies.length > 0) {
      latencies.sort((x, y) => x - y);
      console.info(
        `[l1 sync] eviction seen on the other instances after p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (${latencies.length} samples)`,
      );
    }
  });

  /** b and c hold `key` = `value` in their L1 (and Redis has it). */
  async function warm(key: string, value: string) {
    await a.set(key, value);
    expect(await b.get(key)).toBe(value);
    expect(await c.get(key)).toBe(value);
  }

  async function expectEverywhere(key: string, expected: unknown) {
    for (const cache of [b, c]) {
      const took = await settles(() => cache.get(key), expected, BUS_BOUND_MS);
      expect(took).toBeGreaterThanOrEqual(0);
      latencies.push(took);
    }
  }

  it('a write on one instance evicts the others’ L1 copy: they read the new value', async () => {
    await warm('user:1', 'v1');
    await a.set('user:1', 'v2');
    await expectEverywhere('user:1', 'v2');
  });

  it('a delete on one instance reaches every L1', async () => {
    await warm('user:2', 'v1');
    await b.del('user:2');
    for (const cache of [a, c])
      expect(await settles(() => cache.get('user:2'), undefined, BUS_BOUND_MS)).toBeGreaterThanOrEqual(0);
  });

  it('a tag invalidation reaches every L1', async () => {
    await a.set('order:1', 'o1', { tags: ['orders'] });
    await a.set('order:2', 'o2', { tags: ['orders'] });
    expect(await b.get('order:1')).toBe('o1');
    expect(await c.get('order:2')).toBe('o2');
    expect(await a.invalidateTags('orders')).toBe(2);
    await expectEverywhere('order:1', undefined);
    await expectEverywhere('order:2', undefined);
  });

  it('a prefix invalidation and clear() reach every L1', async () => {
    await warm('geo:fr', 'Paris');
    await warm('geo:de', 'Berlin');
    await warm('misc', 'x');
    await c.invalidatePrefix('geo:');
    await expectEverywhere('geo:fr', undefined);
    await expectEverywhere('geo:de', undefined);
    expect(await b.get('misc')).toBe('x');
    await a.clear();
    await expectEverywhere('misc', undefined);
  });

  it('an instance keeps its own fresh write in L1 (its own message is ignored)', async () => {
    await a.set('own', 'mine');
    await sleep(100); // the message has come back by now
    const before = a.stats().memoryEntries;
    expect(await a.get('own')).toBe('mine');
    expect(a.stats().memoryEntries).toBe(before);
    expect(before).toBeGreaterThan(0);
  });

  it('another namespace on the same Redis is not evicted', async () => {
    const otherApp = await boot({ ...LONG_L1, url, namespace: `${namespace}-other` });
    try {
      const other = otherApp.get(CacheService);
      expect(await settles(() => syncState(otherApp), 'up', 5_000)).toBeGreaterThanOrEqual(0);
      await other.set('shared-name', 'theirs');
      const hitsBefore = other.stats().hits;
      await a.set('shared-name', 'ours');
      await a.del('shared-name');
      await sleep(200);
      expect(await other.get('shared-name')).toBe('theirs');
      expect(other.stats().hits).toBe(hitsBefore + 1);
      expect(other.stats().memoryEntries).toBeGreaterThan(0);
    } finally {
      await otherApp.close();
    }
  });
});

describeWithService('REDIS_URL')('when the sync channel is down', () => {
  const redis = new RedisServer();
  const apps: INestApplicationContext[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    await redis.stop();
  });

  it('L1 entries live at most l1FallbackTtlMs, and the health details say so (not failing the check)', async () => {
    await redis.start();
    const namespace = uniqueNamespace('replicas-down');
    const options = { ...LONG_L1, url: redis.url, namespace, l1FallbackTtlMs: 300, breakerResetMs: 200 };
    apps.push(await boot(options));
    const cache = apps[0]!.get(CacheService);
    expect(await settles(() => syncState(apps[0]!), 'up', 5_000)).toBeGreaterThanOrEqual(0);

    await redis.kill();
    expect(await settles(() => syncState(apps[0]!), 'down', 5_000)).toBeGreaterThanOrEqual(0);
    const probe = await apps[0]!.get(CacheRegistry).get().probe();
    expect(probe.details).toMatchObject({ store: 'tiered', l1Sync: 'down' });
    expect((probe.details as { l1: { store: string } }).l1.store).toBe('memory');

    // Written while the channel is down: L1 keeps it for l1FallbackTtlMs, not l1TtlMs (a minute).
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');
    await sleep(600);
    expect(await cache.get('k')).toBeUndefined();

    await redis.start();
    expect(await settles(() => syncState(apps[0]!), 'up', 10_000)).toBeGreaterThanOrEqual(0);
  });
});

describeWithService('REDIS_URL')('single flight across instances (loadLock)', () => {
  const url = serviceUrl('REDIS_URL')!;
  const apps: INestApplicationContext[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  async function instances(count: number, options: Partial<CacheModuleOptions>): Promise<CacheService[]> {
    const namespace = uniqueNamespace('lock');
    const started: CacheService[] = [];
    for (let i = 0; i < count; i++) {
      const app = await boot({ store: 'tiered', url, namespace, opTimeoutMs: 2_000, ...options });
      apps.push(app);
      started.push(app.get(CacheService));
    }
    return started;
  }

  /** A loader of 200 ms that counts its calls across all instances. */
  function countingLoader() {
    const counter = { calls: 0 };
    const load = async () => {
      counter.calls++;
      await sleep(200);
      return { id: 7, name: 'Ada' };
    };
    return { counter, load };
  }

  async function stampede(caches: CacheService[], load: () => Promise<unknown>) {
    const results = await Promise.all(
      caches.flatMap((cache) => Array.from({ length: 100 }, () => cache.wrap('cold', load))),
    );
    return results;
  }

  it('3 instances × 100 concurrent callers of one cold key: one loader call', async () => {
    const caches = await instances(3, { loadLock: true });
    const { counter, load } = countingLoader();
    const results = await stampede(caches, load);
    expect(results).toHaveLength(300);
    for (const result of results) expect(result).toEqual({ id: 7, name: 'Ada' });
    expect(counter.calls).toBe(1);
    expect(caches.reduce((sum, cache) => sum + cache.stats().peerLoads, 0)).toBe(2);
    console.info(`[load lock] 3 instances × 100 callers: ${counter.calls} loader call`);
  });

  it('without the option, each instance loads once (the lock is what makes it one)', async () => {
    const caches = await instances(3, {});
    const { counter, load } = countingLoader();
    await stampede(caches, load);
    expect(counter.calls).toBe(3);
  });

  it('a dead lock holder never hangs a request: waiters load themselves after loadLockWaitMs', async () => {
    const [cache] = await instances(1, { loadLock: true, loadLockWaitMs: 300 });
    // The lock of a holder that died mid-load: it would only expire after a minute.
    const raw = createClient({ url });
    await raw.connect();
    try {
      const lockKey = cache!.key('cold').replace(/:v:cold$/, ':l:cold');
      await raw.set(lockKey, 'dead-holder', { PX: 60_000 });
      const { counter, load } = countingLoader();
      const started = performance.now();
      expect(await cache!.wrap('cold', load)).toEqual({ id: 7, name: 'Ada' });
      const took = performance.now() - started;
      expect(counter.calls).toBe(1);
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(5_000);
    } finally {
      await raw.close();
    }
  });

  it('a holder whose loader fails releases the lock: a waiter loads instead of waiting it out', async () => {
    const [first, second] = await instances(2, { loadLock: true, loadLockWaitMs: 30_000 });
    const failing = first!
      .wrap('cold', async () => {
        await sleep(150);
        throw new Error('source down');
      })
      .catch((error: unknown) => error);
    await sleep(20); // the first instance holds the lock
    const { counter, load } = countingLoader();
    const started = performance.now();
    const value = await second!.wrap('cold', load);
    expect(await failing).toMatchObject({ message: 'source down' });
    expect(value).toEqual({ id: 7, name: 'Ada' });
    expect(counter.calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
