import { CacheService } from '@ballast/cache';
import { HealthManagementServer } from '@ballast/health';
import { adapters, describeWithService, httpRequest, RedisServer, sleep } from '@ballast/test-support';
import { DataSource } from 'typeorm';
import { embedded, newUser, startApp, type RunningApp } from './helpers/start-app.js';

// The probe budget (@ballast/health's budgetMs, 2 s by default) plus a wide margin for a loaded CI machine.
const WITHIN_BUDGET_MS = 5_000;

describe.each(adapters)('probes on $name', (adapter) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(adapter, embedded);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers startup, live and ready once listening', async () => {
    expect((await app.request('/health/startup')).status).toBe(200);
    expect((await app.request('/health/live')).status).toBe(200);
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, cache: { status: 'up' } });
  });

  it('answers the same probes on MANAGEMENT_PORT (here 0: a free port)', async () => {
    const management = `http://127.0.0.1:${app.nest.get(HealthManagementServer).port}`;
    const ready = await httpRequest(`${management}/health/ready`);
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.info)).toEqual(Object.keys((await app.request('/health/ready')).body.info));
    expect((await httpRequest(`${management}/health/live`)).status).toBe(200);
    // createApp() alone starts no metrics SDK (main.ts does): no handler, no /metrics.
    expect((await httpRequest(`${management}/metrics`)).status).toBe(404);
  });

  it('is not ready without its database, and stays alive', async () => {
    // Losing the database (here: its connection closed under the app) takes the pod out of the load balancer...
    await app.nest.get(DataSource).destroy();
    const started = Date.now();
    const ready = await app.request('/health/ready');
    expect(Date.now() - started).toBeLessThan(WITHIN_BUDGET_MS);
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({ database: { status: 'down' } });
    // ...but never restarts it: liveness is about the process only.
    expect((await app.request('/health/live')).status).toBe(200);
  });
});

// Needs redis-server (installed wherever REDIS_URL is provided, as in CI); the test runs its own, to kill it.
describeWithService('REDIS_URL')('losing Redis (a Redis of its own, killed mid-test)', () => {
  describe.each(adapters)('on $name', (adapter) => {
    const redis = new RedisServer();
    let app: RunningApp;

    beforeAll(async () => {
      await redis.start();
      // CACHE_STORE=redis: every read goes to Redis (a tiered cache, the default with REDIS_URL, would answer
      // repeated reads from its in-process L1 and hide the frozen Redis).
      app = await startApp(adapter, { ...embedded, REDIS_URL: redis.url, CACHE_STORE: 'redis' });
    });
    afterAll(async () => {
      await app?.close();
      await redis.stop();
    });

    it('keeps answering every request while Redis is frozen (SIGSTOP), and hits again after SIGCONT', async () => {
      const { id } = (await app.request('/users', { method: 'POST', body: newUser() })).body;
      const cache = app.nest.get(CacheService);
      /** Reads the user until a read is a cache hit, for at most `ms`; returns whether one was. */
      const readUntilHit = async (ms: number): Promise<boolean> => {
        const hitsBefore = cache.stats().hits;
        const deadline = Date.now() + ms;
        while (cache.stats().hits === hitsBefore && Date.now() < deadline) {
          expect((await app.request(`/users/${id}`)).status).toBe(200);
          await sleep(250);
        }
        return cache.stats().hits > hitsBefore;
      };
      // Loaded, cached in Redis, then hit. The first write goes out as the lazy client connects, and on a loaded
      // machine it can miss its 100 ms budget (the cache fails open): reads go on until one hits.
      expect(await readUntilHit(5_000)).toBe(true);

      redis.freeze(); // the socket stays open, nothing answers: the worst case for a client
      try {
        // 100 reads, 10 at a time. A cache without per-operation timeouts would hang on the first one; here each read
        // gives up on Redis after opTimeoutMs (100 ms) and is answered from the database. The bound is wide: CI is slow.
        const durations: number[] = [];
        for (let batch = 0; batch < 10; batch++) {
          await Promise.all(
            Array.from({ length: 10 }, async () => {
              const started = Date.now();
              const res = await app.request(`/users/${id}`, { timeoutMs: 10_000 });
              durations.push(Date.now() - started);
              expect(res.status).toBe(200);
              expect(res.body.id).toBe(id);
            }),
          );
        }
        expect(durations).toHaveLength(100);
        expect(Math.max(...durations)).toBeLessThan(3_000);
        expect(cache.stats().timeouts + cache.stats().skipped).toBeGreaterThan(0);
      } finally {
        redis.thaw();
      }

      // Redis is back: within seconds (breaker reset 2 s), reads are hits again.
      expect(await readUntilHit(15_000)).toBe(true);
    }, 60_000);

    it('stays ready (cache degraded) and keeps answering from the database', async () => {
      const { id } = (await app.request('/users', { method: 'POST', body: newUser() })).body;
      expect((await app.request(`/users/${id}`)).status).toBe(200); // cached in Redis
      const before = await app.request('/health/ready');
      expect(before.status).toBe(200);
      expect(before.body.info.cache).toMatchObject({ status: 'up', store: 'redis' });

      await redis.kill();

      const started = Date.now();
      const ready = await app.request('/health/ready');
      expect(Date.now() - started).toBeLessThan(WITHIN_BUDGET_MS);
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.info.database).toMatchObject({ status: 'up' });

      // The cache fails open: reads and writes go to the database.
      const read = await app.request(`/users/${id}`);
      expect(read.status).toBe(200);
      expect((await app.request(`/users/${id}`, { method: 'PATCH', body: { name: 'Still Here' } })).status).toBe(200);
      expect((await app.request(`/users/${id}`)).body.name).toBe('Still Here');
    });
  });
});
