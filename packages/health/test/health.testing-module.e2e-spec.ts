// The e2e pattern every Nest CLI template writes: Test.createTestingModule, createNestApplication, app.init() (and on
// Fastify, the instance's ready()), then supertest on app.getHttpServer(). Nest's app.listen() is never called:
// supertest listens on the raw server itself, and readiness must count that as listening.
import { type BeforeApplicationShutdown, type INestApplication, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { adapters } from '@ballast/test-support';
import request from 'supertest';
import { BallastHealthModule, HealthProbeService } from '../src/index.js';

const notListening = { lifecycle: { status: 'down', reason: 'not-listening' } };

describe.each(adapters)('probes in a Nest CLI e2e test (TestingModule + supertest) on $name', (adapter) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  /** What the templates do in beforeEach, up to (not including) app.init(). */
  async function createApp(AppModule: unknown): Promise<INestApplication> {
    const moduleFixture = await Test.createTestingModule({ imports: [AppModule as never] }).compile();
    return moduleFixture.createNestApplication(adapter.create(), { logger: false });
  }

  /** app.init(), and on Fastify the instance's ready(), as the Fastify template does. */
  async function init(nest: INestApplication): Promise<void> {
    await nest.init();
    if (adapter.name === 'fastify') await nest.getHttpAdapter().getInstance().ready();
  }

  it('answers readiness and startup 200 once the app is initialised and supertest listens', async () => {
    @Module({
      imports: [
        BallastHealthModule.forRoot({
          readiness: { indicators: [{ name: 'dep', use: { check: () => ({ up: true }) } }] },
          startup: true,
        }),
      ],
    })
    class AppModule {}
    app = await createApp(AppModule);
    await init(app);

    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { dep: { status: 'up' } }, error: {} });
    const startup = await request(app.getHttpServer()).get('/health/startup');
    expect(startup.status).toBe(200);
    expect(startup.body).toMatchObject({ status: 'ok' });
    expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
  });

  it('answers not-listening before app.init(), even with the raw server listening', async () => {
    @Module({ imports: [BallastHealthModule.forRoot({ startup: true })] })
    class AppModule {}
    app = await createApp(AppModule);
    const probes = app.get(HealthProbeService);
    expect(await probes.probe('ready')).toEqual({
      status: 503,
      body: { status: 'error', info: {}, error: notListening, details: notListening },
    });

    const server = app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(await probes.probe('ready')).toMatchObject({ status: 503, body: { error: notListening } });
      expect(await probes.probe('startup')).toMatchObject({ status: 503, body: { error: notListening } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers readiness 503 from the first instant of app.close(), over supertest', async () => {
    let release!: () => void;
    let entered!: () => void;
    const hookEntered = new Promise<void>((resolve) => (entered = resolve));
    @Injectable()
    class SlowShutdown implements BeforeApplicationShutdown {
      // Holds app.close() while the routes still answer.
      beforeApplicationShutdown(): Promise<void> {
        entered();
        return new Promise((resolve) => (release = resolve));
      }
    }
    @Module({ imports: [BallastHealthModule.forRoot({})], providers: [SlowShutdown] })
    class AppModule {}
    const nest = await createApp(AppModule);
    app = nest;
    await init(nest);
    expect((await request(nest.getHttpServer()).get('/health/ready')).status).toBe(200);

    const closing = nest.close();
    app = undefined;
    await hookEntered;
    try {
      const ready = await request(nest.getHttpServer()).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'shutting_down',
        error: { lifecycle: { status: 'down', reason: 'shutting-down' } },
      });
    } finally {
      release();
      await closing;
    }
  });
});
