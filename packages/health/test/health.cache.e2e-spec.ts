import { Controller, Get, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { BallastCacheInterceptor, BallastCacheModule } from '@ballast/cache';
import { adapters, bootApp, describeWithService, RedisServer, sleep, type TestApp } from '@ballast/test-support';
import { BallastHealthModule } from '../src/index.js';

@Controller('hits')
class HitsController {
  private hits = 0;
  @Get()
  count() {
    return { hits: ++this.hits };
  }
}

// The real @ballast/cache: its BALLAST_CACHE_HEALTH_CONTRIBUTORS are found by token, a Redis-backed cache is non-critical.
describeWithService('REDIS_URL')('with the real @ballast/cache (own redis-server)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = new RedisServer();
    await redis.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  describe.each(adapters)('on $name', (adapter) => {
    let app: TestApp | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
      await redis.start();
    });

    it('reports the Redis cache degraded (200) when Redis stops, up again when it is back', async () => {
      @Module({
        imports: [
          BallastCacheModule.forRoot({
            store: redis.url,
            namespace: `test:health:${Math.random().toString(36).slice(2)}`,
            opTimeoutMs: 300,
          }),
          BallastHealthModule.forRoot({ path: 'probes', budgetMs: 2_000, timeoutMs: 1_000 }),
        ],
        controllers: [HitsController],
        providers: [{ provide: APP_INTERCEPTOR, useClass: BallastCacheInterceptor }],
      })
      class AppModule {}
      app = await bootApp(AppModule, adapter);

      const up = await app.request('/probes/ready');
      expect(up.status).toBe(200);
      expect(up.body.info.cache).toMatchObject({ status: 'up' });
      // The cache interceptor is active in this app; the probes below (custom path) still reflect the current state.
      expect((await app.request('/hits')).body).toEqual({ hits: 1 });
      expect((await app.request('/hits')).body).toEqual({ hits: 1 });

      await redis.stop();
      const started = Date.now();
      const degraded = await app.request('/probes/ready');
      expect(Date.now() - started).toBeLessThan(2_000 + 2_000);
      expect(degraded.status).toBe(200);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.info.cache).toMatchObject({ status: 'degraded' });
      expect((await app.request('/probes/live')).status).toBe(200);

      await redis.start();
      const deadline = Date.now() + 10_000; // the client reconnects on its own schedule
      let back = await app.request('/probes/ready');
      while (back.body.status !== 'ok' && Date.now() < deadline) {
        await sleep(200);
        back = await app.request('/probes/ready');
      }
      expect(back.status).toBe(200);
      expect(back.body.info.cache).toMatchObject({ status: 'up' });
    });
  });
});
