import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedisCluster, RedisSentinelGroup, sleep } from '@ballast/test-support';
import { BallastCacheModule, CacheRegistry, CacheService, type CacheModuleOptions } from '../src/index.js';
import { uniqueNamespace } from './fixtures/stores.js';

// Real topologies started by the tests on loopback (redis-server in cluster mode, redis-server --sentinel). They need
// only the redis-server binary, which the fault tests need too (.ci/run installs it).

async function boot(options: CacheModuleOptions): Promise<INestApplicationContext> {
  @Module({ imports: [BallastCacheModule.forRoot(options)] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

/** Polls `check` every 50 ms until it is true; resolves to the ms it took, or throws after `withinMs`. */
async function eventually(what: string, check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${withinMs} ms`);
}

const probeOf = (app: INestApplicationContext) => app.get(CacheRegistry).get().probe();

/** What every topology must do: the cache API, L1 sync between two instances, one loader call across them. */
function behavesLikeOneCache(
  servers: { start(): Promise<void>; stop(): Promise<void> },
  topology: () => Partial<CacheModuleOptions>,
) {
  const apps: INestApplicationContext[] = [];
  let a: CacheService;
  let b: CacheService;

  beforeAll(async () => {
    await servers.start();
    const namespace = uniqueNamespace('topology');
    for (let i = 0; i < 2; i++) {
      apps.push(
        await boot({ store: 'tiered', namespace, opTimeoutMs: 2_000, l1TtlMs: 60_000, loadLock: true, ...topology() }),
      );
    }
    [a, b] = apps.map((app) => app.get(CacheService)) as [CacheService, CacheService];
    for (const app of apps) {
      await eventually(
        'health says up with l1Sync up',
        async () => {
          const probe = await probeOf(app);
          return probe.up && probe.details.l1Sync === 'up';
        },
        15_000,
      );
    }
  }, 90_000);
  // The apps first: a client whose servers vanish under it keeps retrying (and the sentinel client logs each try).
  afterAll(async () => {
    for (const app of apps) await app.close();
    await servers.stop();
  });

  it('get, set, tags, prefixes and clear work, and each write reaches the other instance’s L1', async () => {
    await a.set('user:1', { name: 'Ada' }, { tags: ['users'] });
    expect(await b.get('user:1')).toEqual({ name: 'Ada' });
    await a.set('user:1', { name: 'Grace' }, { tags: ['users'] });
    await eventually(
      'b reads the new value',
      async () => (await b.get<{ name: string }>('user:1'))?.name === 'Grace',
      2_000,
    );
    expect(await b.invalidateTags('users')).toBe(1);
    await eventually('a misses after the tag', async () => (await a.get('user:1')) === undefined, 2_000);
    await a.set('geo:fr', 'Paris');
    await a.set('geo:de', 'Berlin');
    expect(await b.get('geo:fr')).toBe('Paris');
    expect(await a.invalidatePrefix('geo:')).toBe(2);
    await eventually('b misses after the prefix', async () => (await b.get('geo:fr')) === undefined, 2_000);
    await a.set('x', 1);
    expect(await b.clear()).toBeGreaterThanOrEqual(1);
    await eventually('a misses after clear', async () => (await a.get('x')) === undefined, 2_000);
  });

  it('two instances × 50 concurrent wraps of one cold key: one loader call', async () => {
    // The previous test's clear() sends its prefix after its keys: arriving during this load, it would rightly make
    // the load stale (invalidation wins) and its value unstored, and the waiting instance would load again.
    await sleep(500);
    let calls = 0;
    const load = async () => {
      calls++;
      await sleep(200);
      return 'loaded';
    };
    const results = await Promise.all(
      [a, b].flatMap((cache) => Array.from({ length: 50 }, () => cache.wrap('cold', load))),
    );
    expect(results.every((r) => r === 'loaded')).toBe(true);
    expect(calls).toBe(1);
  });

  return () => ({ a, b, apps });
}

describe('Redis Cluster (3 masters, 1 replica each)', () => {
  const cluster = new RedisCluster(3, 1);
  const handles = behavesLikeOneCache(cluster, () => ({ cluster: { nodes: [`127.0.0.1:${cluster.nodes[0]!.port}`] } }));

  it('fails open while a master is down, then recovers through its promoted replica', async () => {
    const { a, apps } = handles();
    const key = (await apps[0]!.get(CacheRegistry).get()).key('failover');
    const master = await cluster.masterOf(key);
    await a.set('failover', 'before');
    await cluster.killPort(master);
    // Meanwhile every call answers (misses, dropped writes), none throws.
    let answered = 0;
    const started = Date.now();
    const recovery = await eventually(
      'a write and a read through the new master',
      async () => {
        expect(await a.wrap('failover:probe', async () => 'source')).toBe('source');
        answered++;
        await a.set('after', Date.now());
        const now = await cluster.masterOf(key).catch(() => master);
        return now !== master && (await probeOf(apps[0]!)).up;
      },
      30_000,
    );
    await a.set('after-failover', 'new master');
    await eventually(
      'b reads through the new master',
      async () => (await handles().b.get('after-failover')) === 'new master',
      10_000,
    );
    console.info(
      `[cluster] master ${master} killed: ${answered} calls answered meanwhile; healthy again after ${recovery} ms (${Date.now() - started} ms)`,
    );
  }, 60_000);
});

describe('Redis Sentinel (master, replica, one sentinel)', () => {
  const group = new RedisSentinelGroup(1);
  const handles = behavesLikeOneCache(group, () => ({
    sentinel: { masterName: group.masterName, sentinels: group.sentinels.map((s) => `${s.host}:${s.port}`) },
  }));

  it('fails open while the master is down, then recovers through the new master', async () => {
    const { a, b, apps } = handles();
    const previous = await group.currentMaster();
    await a.set('failover', 'before');
    await group.killMaster();
    let answered = 0;
    const started = Date.now();
    const recovery = await eventually(
      'writes reach the new master',
      async () => {
        expect(await a.wrap(`failover:${answered}`, async () => 'source')).toBe('source');
        answered++;
        return (await group.currentMaster()).port !== previous.port && (await probeOf(apps[0]!)).up;
      },
      30_000,
    );
    await a.set('after-failover', 'new master');
    await eventually(
      'b reads through the new master',
      async () => (await b.get('after-failover')) === 'new master',
      10_000,
    );
    console.info(
      `[sentinel] master ${previous.port} killed: ${answered} calls answered meanwhile; healthy again after ${recovery} ms (${Date.now() - started} ms)`,
    );
  });
});
