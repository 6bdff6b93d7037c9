import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  adapters,
  bootApp,
  describeWithService,
  freePort,
  RedisServer,
  serviceUrl,
  type TestApp,
} from '@ballast/test-support';
import { DataSource } from 'typeorm';
import { BallastHealthModule, type HealthModuleOptions } from '../src/index.js';
import { RedisPingIndicator } from './fixtures/redis.js';
import { TcpProxy } from './fixtures/tcp-proxy.js';

const BUDGET_MS = 2_000;
const MARGIN_MS = 2_000; // the machine is shared: answering "within budget" gets a wide margin

function appWith(options: HealthModuleOptions, imports: any[] = []) {
  @Module({ imports: [...imports, BallastHealthModule.forRoot({ budgetMs: BUDGET_MS, timeoutMs: 800, ...options })] })
  class AppModule {}
  return AppModule;
}

async function timed(app: TestApp, path: string) {
  const started = Date.now();
  const response = await app.request(path);
  return { ...response, elapsed: Date.now() - started };
}

describeWithService('REDIS_URL')('Redis round-trip (own redis-server, stopped and restarted)', () => {
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
      await redis.start(); // each test leaves Redis up for the next
    });

    it('critical: 503 with redis down within the budget, 200 again once Redis is back; /live 200 throughout', async () => {
      const redisIndicator = new RedisPingIndicator(redis.port);
      app = await bootApp(appWith({ readiness: { indicators: [{ name: 'redis', use: redisIndicator }] } }), adapter);
      const before = await timed(app, '/health/ready');
      expect(before.status).toBe(200);
      expect(before.body.info.redis).toMatchObject({ status: 'up', reply: '+PONG' });
      expect((await app.request('/health/live')).status).toBe(200);

      await redis.stop();
      const down = await timed(app, '/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('error');
      expect(down.body.error.redis).toMatchObject({ status: 'down', reason: 'error' });
      expect(down.body.error.redis.message).toMatch(/ECONNREFUSED/);
      expect(down.elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect((await app.request('/health/live')).status).toBe(200);

      await redis.start();
      const back = await app.request('/health/ready');
      expect(back.status).toBe(200);
      expect(back.body.info.redis).toMatchObject({ status: 'up' });
      expect((await app.request('/health/live')).status).toBe(200);
    });

    it('non-critical: readiness stays 200 and reports redis degraded; /live 200 throughout', async () => {
      const redisIndicator = new RedisPingIndicator(redis.port);
      app = await bootApp(
        appWith({ readiness: { indicators: [{ name: 'redis', use: redisIndicator, critical: false }] } }),
        adapter,
      );
      expect((await app.request('/health/ready')).body.status).toBe('ok');

      await redis.stop();
      const degraded = await timed(app, '/health/ready');
      expect(degraded.status).toBe(200);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.info.redis).toMatchObject({ status: 'degraded', reason: 'error' });
      expect(degraded.body.error).toEqual({});
      expect(degraded.elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect((await app.request('/health/live')).status).toBe(200);

      await redis.start();
      const back = await app.request('/health/ready');
      expect(back.status).toBe(200);
      expect(back.body.status).toBe('ok');
    });
  });

  it('pings the shared Redis from REDIS_URL too', async () => {
    const url = new URL(serviceUrl('REDIS_URL')!);
    const outcome = await new RedisPingIndicator(Number(url.port || 6379)).check({
      signal: new AbortController().signal,
    });
    expect(outcome.up).toBe(true);
  });
});

describeWithService('DATABASE_URL')('database indicator (TypeORM + pg, real PostgreSQL)', () => {
  const target = () => {
    const url = new URL(serviceUrl('DATABASE_URL')!);
    return { host: url.hostname, port: Number(url.port || 5432), user: url.username, database: url.pathname.slice(1) };
  };

  describe.each(adapters)('on $name', (adapter) => {
    let app: TestApp | undefined;
    let proxy: TcpProxy | undefined;
    let dataSource: DataSource | undefined;
    afterEach(async () => {
      await app?.close();
      await dataSource?.destroy().catch(() => undefined);
      await proxy?.stop();
      app = undefined;
      dataSource = undefined;
      proxy = undefined;
    });

    it('is up against PostgreSQL, 503 within the budget once the database is lost, up again when it returns', async () => {
      const { host, port, user, database } = target();
      proxy = new TcpProxy({ host, port });
      const proxyPort = await proxy.start();
      dataSource = new DataSource({ type: 'postgres', host: '127.0.0.1', port: proxyPort, username: user, database });
      await dataSource.initialize();
      app = await bootApp(appWith({ readiness: { database: { kind: 'typeorm', connection: dataSource } } }), adapter);

      const up = await app.request('/health/ready');
      expect(up.status).toBe(200);
      expect(up.body.info.database).toMatchObject({ status: 'up' });

      await proxy.stop();
      const lost = await timed(app, '/health/ready');
      expect(lost.status).toBe(503);
      expect(lost.body.error.database).toMatchObject({ status: 'down' });
      expect(['error', 'timeout']).toContain(lost.body.error.database.reason);
      expect(lost.elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect((await app.request('/health/live')).status).toBe(200);

      await proxy.start(proxyPort);
      let back = await app.request('/health/ready');
      // The pool may first hand out a connection it has not yet seen die: allow one more probe.
      if (back.status !== 200) back = await app.request('/health/ready');
      expect(back.status).toBe(200);
    });

    it('finds the default DataSource of TypeOrmModule when no connection is given', async () => {
      const { host, port, user, database } = target();
      app = await bootApp(
        appWith({ readiness: { database: { kind: 'typeorm', name: 'postgres' } } }, [
          TypeOrmModule.forRoot({ type: 'postgres', host, port, username: user, database, retryAttempts: 0 }),
        ]),
        adapter,
      );
      const ready = await app.request('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info.postgres).toMatchObject({ status: 'up' });
    });

    it('is down (not a 500) for a database on a closed port', async () => {
      const { user, database } = target();
      dataSource = new DataSource({
        type: 'postgres',
        host: '127.0.0.1',
        port: await freePort(),
        username: user,
        database,
        connectTimeoutMS: 500,
      });
      app = await bootApp(appWith({ readiness: { database: { kind: 'typeorm', connection: dataSource } } }), adapter);
      const ready = await timed(app, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.database).toMatchObject({ status: 'down' });
      expect(ready.elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
    });
  });
});

describe.each(adapters)('a readiness database the app does not provide fails at startup on $name', (adapter) => {
  it("kind 'typeorm' without TypeOrmModule or connection: app.init() rejects with BALLAST_HEALTH_DATABASE_UNAVAILABLE", async () => {
    const boot = bootApp(appWith({ readiness: { database: { kind: 'typeorm' } } }), adapter, { listen: false });
    await expect(boot).rejects.toMatchObject({
      code: 'BALLAST_HEALTH_DATABASE_UNAVAILABLE',
      message: expect.stringContaining('import TypeOrmModule.forRoot(...) in the app'),
    });
    await expect(boot).rejects.toThrow(/pass `connection`[\s\S]*remove `readiness.database`/);
  });

  it("kind 'prisma' with a client that cannot query: app.init() rejects with the same code", async () => {
    const boot = bootApp(appWith({ readiness: { database: { kind: 'prisma', client: {} } } }), adapter, {
      listen: false,
    });
    await expect(boot).rejects.toMatchObject({ code: 'BALLAST_HEALTH_DATABASE_UNAVAILABLE' });
  });
});

describeWithService('DATABASE_URL')('readiness database with TypeOrmModule (real PostgreSQL)', () => {
  describe.each(adapters)('on $name', (adapter) => {
    let app: TestApp | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it("kind 'typeorm' without connection boots and is ready (200) when TypeOrmModule.forRoot is imported", async () => {
      const url = new URL(serviceUrl('DATABASE_URL')!);
      app = await bootApp(
        appWith({ readiness: { database: { kind: 'typeorm' } } }, [
          TypeOrmModule.forRoot({
            type: 'postgres',
            host: url.hostname,
            port: Number(url.port || 5432),
            username: url.username,
            database: url.pathname.slice(1),
            retryAttempts: 0,
          }),
        ]),
        adapter,
      );
      const ready = await app.request('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info.database).toMatchObject({ status: 'up' });
    });
  });
});
