import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  describeWithService,
  freePort,
  type Point,
  RedisServer,
  serviceUrl,
  sleep,
  TestTelemetry,
} from '@ballast/test-support';
import { BallastCacheModule, CacheRegistry, type CacheModuleOptions } from '../src/index.js';
import { uniqueNamespace } from './fixtures/stores.js';

// One SDK for the file, registered before any app: the packages keep the instruments they made on it.
const sdk = new TestTelemetry();
beforeAll(() => sdk.start());
afterAll(() => sdk.stop());

async function boot(options: CacheModuleOptions): Promise<INestApplicationContext> {
  @Module({ imports: [BallastCacheModule.forRoot(options)] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

/** The value of the point of `name` whose attributes include `attributes` (a counter's sum, a histogram's count). */
async function valueOf(name: string, attributes: Record<string, unknown>): Promise<number | undefined> {
  const point = (await sdk.points(name)).find((p: Point) =>
    Object.entries(attributes).every(([key, value]) => p.attributes[key] === value),
  );
  return point === undefined ? undefined : (point.value ?? point.count);
}

/** Polls until `read` gives a number above `above` (work that ends in the background); bounded, never timed. */
async function eventually(read: () => Promise<number | undefined>, above = 0, withinMs = 10_000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = (await read()) ?? 0;
    if (value > above || Date.now() > deadline) return value;
    await sleep(20);
  }
}

describe('cache metrics in memory', () => {
  let app: INestApplicationContext;
  beforeAll(async () => {
    app = await boot({ store: 'memory', caches: { mem: { store: 'memory' } } });
  });
  afterAll(() => app.close());

  it('counts hits and misses of the memory tier and times each operation', async () => {
    const cache = app.get(CacheRegistry).get('mem');
    await cache.set('a', 1);
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('nope')).toBeUndefined();
    await cache.del('a');
    await cache.invalidatePrefix('x');
    const mem = { 'cache.name': 'mem', 'cache.tier': 'memory' };
    expect(await valueOf('ballast.cache.requests', { ...mem, 'cache.result': 'hit' })).toBe(2);
    expect(await valueOf('ballast.cache.requests', { ...mem, 'cache.result': 'miss' })).toBe(1);
    for (const operation of ['get', 'set', 'del', 'invalidate']) {
      expect(
        await valueOf('ballast.cache.operation.duration', { 'cache.name': 'mem', 'cache.operation': operation }),
      ).toBeGreaterThan(0);
    }
    const [duration] = await sdk.points('ballast.cache.operation.duration');
    expect(duration!.unit).toBe('s');
  });

  it('counts loads by result, with their duration, and a load an invalidation made stale', async () => {
    const cache = app.get(CacheRegistry).get('mem');
    expect(await cache.wrap('loaded', () => 'v')).toBe('v');
    expect(await cache.wrap('loaded', () => 'other')).toBe('v');
    await expect(cache.wrap('failing', () => Promise.reject(new Error('source down')))).rejects.toThrow('source down');
    let release!: (value: string) => void;
    const pending = cache.wrap('raced', () => new Promise<string>((resolve) => (release = resolve)));
    await sleep(10);
    await cache.del('raced');
    release('old');
    expect(await pending).toBe('old');
    const name = { 'cache.name': 'mem' };
    expect(await valueOf('ballast.cache.loads', { ...name, 'cache.result': 'ok' })).toBe(1);
    expect(await valueOf('ballast.cache.loads', { ...name, 'cache.result': 'error' })).toBe(1);
    expect(await eventually(() => valueOf('ballast.cache.loads', { ...name, 'cache.result': 'stale' }))).toBe(1);
    expect(await valueOf('ballast.cache.load.duration', name)).toBe(3);
    expect(await valueOf('ballast.cache.operation.duration', { ...name, 'cache.operation': 'wrap' })).toBe(4);
  });

  it('makes a span per operation, with the cache and its result', async () => {
    const cache = app.get(CacheRegistry).get('mem');
    await cache.set('traced', 1);
    await cache.get('traced');
    await cache.get('untraced');
    const gets = sdk.spans('cache get').filter((s) => s.attributes['cache.name'] === 'mem');
    expect(gets.map((s) => s.attributes['cache.result'])).toEqual(expect.arrayContaining(['hit', 'miss']));
    expect(gets[0]!.attributes['cache.operation']).toBe('get');
    expect(sdk.spans('cache set').length).toBeGreaterThan(0);
    expect(sdk.spans('cache wrap').some((s) => s.status.code === 2)).toBe(true);
  });
});

describeWithService('REDIS_URL')('cache metrics on a tiered cache and between instances', () => {
  const url = serviceUrl('REDIS_URL')!;
  const namespace = uniqueNamespace('telemetry');
  const options = { store: 'tiered', url, namespace, opTimeoutMs: 2_000 } as const;
  let a: INestApplicationContext;
  let b: INestApplicationContext;
  beforeAll(async () => {
    a = await boot({ ...options, caches: { tiers: {} } });
    b = await boot({ ...options, caches: { tiers: {} } });
    // Both sync channels subscribed before the first message.
    for (const app of [a, b]) {
      const cache = app.get(CacheRegistry).get('tiers');
      await eventually(async () => ((await cache.probe()).details.l1Sync === 'up' ? 1 : 0));
    }
  });
  afterAll(async () => {
    await a.get(CacheRegistry).get('tiers').clear();
    await a.close();
    await b.close();
  });

  const lagCount = () => valueOf('ballast.cache.sync.lag', { 'cache.name': 'tiers' });

  it('counts hits and misses per tier: L1, then Redis', async () => {
    const cacheA = a.get(CacheRegistry).get('tiers');
    const cacheB = b.get(CacheRegistry).get('tiers');
    await cacheB.set('from-b', 'x'); // in Redis and in B's L1, not in A's
    // A has received B's invalidation of the key (else it could evict the value A is about to read into its L1).
    expect(await eventually(lagCount)).toBe(1);
    expect(await cacheA.get('from-b')).toBe('x'); // L1 miss, Redis hit (then in A's L1)
    expect(await cacheA.get('from-b')).toBe('x'); // L1 hit
    expect(await cacheA.get('absent')).toBeUndefined(); // L1 miss, Redis miss
    const at = (tier: string, result: string) =>
      valueOf('ballast.cache.requests', { 'cache.name': 'tiers', 'cache.tier': tier, 'cache.result': result });
    // Both instances record on one SDK here: B's reads are none, so every count is A's.
    expect(await at('l1', 'hit')).toBe(1);
    expect(await at('l1', 'miss')).toBe(2);
    expect(await at('redis', 'hit')).toBe(1);
    expect(await at('redis', 'miss')).toBe(1);
  });

  it('records the sync lag of an invalidation received from another instance', async () => {
    const cacheA = a.get(CacheRegistry).get('tiers');
    const before = (await lagCount()) ?? 0;
    await cacheA.set('synced', 1);
    expect(await eventually(lagCount, before)).toBeGreaterThan(before);
    const [point] = await sdk.points('ballast.cache.sync.lag');
    expect(point!.unit).toBe('s');
    expect(point!.sum).toBeGreaterThanOrEqual(0);
  });
});

describe('cache metrics when Redis fails (own redis-server)', () => {
  let redis: RedisServer;
  let app: INestApplicationContext;
  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    app = await boot({
      store: 'redis',
      url: redis.url,
      namespace: uniqueNamespace('telemetry-faults'),
      caches: { faulty: {} },
      opTimeoutMs: 100,
      breakerThreshold: 3,
      breakerResetMs: 60_000,
      warnIntervalMs: 60_000,
      connectTimeoutMs: 2_000,
    });
  }, 30_000);
  afterAll(async () => {
    redis.thaw();
    await app.close();
    await redis.kill();
  }, 30_000);

  const redisReads = (result: string) =>
    valueOf('ballast.cache.requests', { 'cache.name': 'faulty', 'cache.tier': 'redis', 'cache.result': result });
  const breaker = (state: string) => valueOf('ballast.cache.breaker.state', { 'cache.name': 'faulty', state });

  it('counts timed-out reads, opens the breaker, then counts skipped reads as errors', async () => {
    const cache = app.get(CacheRegistry).get('faulty');
    expect(await cache.get('k')).toBeUndefined();
    expect(await redisReads('miss')).toBe(1);
    expect(await breaker('closed')).toBe(1);
    expect(await breaker('open')).toBe(0);
    redis.freeze();
    for (let i = 0; i < 3; i++) expect(await cache.get(`k${i}`)).toBeUndefined();
    expect(await redisReads('timeout')).toBe(3);
    expect(await breaker('open')).toBe(1);
    expect(await breaker('closed')).toBe(0);
    expect(await cache.get('k')).toBeUndefined();
    expect(await redisReads('error')).toBe(1);
    expect(await redisReads('miss')).toBe(1);
  }, 30_000);
});
