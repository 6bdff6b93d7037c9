import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedisServer, sleep } from '@ballast/test-support';
import { count, ensureExampleBuilt, get, kill, send, startApp, SteadyLoad, waitUntil200, type App } from './helpers.js';

// Redis frozen (SIGSTOP: connections open, no answer) and then killed (SIGKILL) under steady load, with the example
// on Express and on Fastify sharing one redis-server that this test starts on its own free port. The load reads a
// cached user (GET /users/:id, through Redis), updates it (PATCH evicts the key), and lists users. Expected: 0
// failed requests (the cache fails open: Redis is an optimisation, not a dependency), both processes alive.

const RATE = 100;

describe('Redis frozen and killed under load', () => {
  const redis = new RedisServer();
  const apps: App[] = [];

  beforeAll(async () => {
    ensureExampleBuilt();
    await redis.start();
    for (const adapter of ['express', 'fastify']) {
      apps.push(
        await startApp({
          HTTP_ADAPTER: adapter,
          REDIS_URL: redis.url,
          CACHE_NAMESPACE: `resilience-${adapter}`,
        }),
      );
    }
    for (const app of apps) await waitUntil200(app);
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await kill(app);
    await redis.stop();
  });

  it('fails no request', async () => {
    const users = await Promise.all(
      apps.map(async (app, i) => {
        const reply = await send(`${app.url}/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email: `redis-${i}-${Date.now()}@example.com`,
            name: 'Redis Test',
            password: 'Passw0rd1',
          }),
        });
        expect(reply.status).toBe(201);
        return { app, id: JSON.parse(reply.text).id as string };
      }),
    );
    let n = 0;
    const load = new SteadyLoad(() => {
      n += 1;
      const { app, id } = users[n % users.length]!;
      const kind = Math.floor(n / users.length) % 4;
      if (kind === 3)
        return { url: `${app.url}/users/${id}`, method: 'PATCH', body: JSON.stringify({ name: `name ${n}` }) };
      if (kind === 2) return { url: `${app.url}/users?limit=5` };
      return { url: `${app.url}/users/${id}` };
    }, RATE);
    load.start();
    await sleep(2000);
    const beforeFreeze = load.total;
    redis.freeze();
    await sleep(5000);
    const duringFreeze = load.total - beforeFreeze;
    // The readiness check sees the frozen cache (so "up" after SIGCONT below means it really came back).
    const upWhileFrozen = await cacheIsUp(apps[0]!.url);
    redis.thaw();
    // Back within seconds: each app's readiness reports its cache "up" again, which is a real SET + GET round trip.
    const thawed = Date.now();
    const recoveredMs: number[] = [];
    for (const app of apps) {
      while (!(await cacheIsUp(app.url)) && Date.now() - thawed < 10_000) await sleep(50);
      recoveredMs.push(Date.now() - thawed);
    }
    await sleep(1000);
    await redis.kill();
    await sleep(4000);
    await load.stop();
    const live = await Promise.all(apps.map((app) => get(`${app.url}/health/live`, 5000)));
    console.log(
      `redis-faults: ${count(load.failed)} failed / ${count(load.total)} requests ` +
        `(Express + Fastify, ${RATE} req/s; Redis frozen 5 s (${count(duringFreeze)} requests) then killed; ` +
        `slowest ${load.maxLatencyMs} ms; cache round trips back ${recoveredMs.join(' / ')} ms after SIGCONT; ` +
        `failures: ${load.summary()}; /health/live ${live.join(', ')})`,
    );
    expect(load.total).toBeGreaterThan(800);
    expect(load.failed).toBe(0);
    // No request waits on Redis longer than the cache's operation timeout (100 ms) on top of the source (a few ms
    // here); the margin is for a loaded 2-core machine. Without the timeout, frozen Redis means 5 s waits.
    expect(load.maxLatencyMs).toBeLessThan(1500);
    expect(upWhileFrozen).toBe(false);
    expect(recoveredMs.every((ms) => ms < 10_000)).toBe(true);
    expect(apps.every((app) => app.alive())).toBe(true);
    expect(live).toEqual([200, 200]);
  }, 90_000);
});

/** True when the app's readiness says its cache answers (the health contributor does a real SET + GET). */
async function cacheIsUp(url: string): Promise<boolean> {
  try {
    const reply = await send(`${url}/health/ready`, { timeoutMs: 2000 });
    const body = JSON.parse(reply.text) as { info?: Record<string, { status?: string }> };
    return body.info?.cache?.status === 'up';
  } catch {
    return false;
  }
}
