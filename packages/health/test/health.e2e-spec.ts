import { Global, type INestApplication, Injectable, Module, VersioningType } from '@nestjs/common';
import { adapters, bootApp, httpRequest, type TestApp } from '@ballast/test-support';
import {
  BallastHealthModule,
  type BallastHealthContributor,
  type HealthModuleOptions,
  HealthProbeService,
} from '../src/index.js';
import { FakeShutdownState } from './fixtures/shutdown-state.js';

const ok = { check: () => ({ up: true }) };

function appWith(options: HealthModuleOptions, providers: any[] = [], exports: any[] = []) {
  @Global()
  @Module({ providers, exports })
  class Extras {}
  @Module({ imports: [Extras, BallastHealthModule.forRoot(options)] })
  class AppModule {}
  return AppModule;
}

describe.each(adapters)('BallastHealthModule on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves /health/live and /health/ready with terminus result bodies and no-store', async () => {
    app = await bootApp(appWith({ readiness: { indicators: [{ name: 'dep', use: ok }] } }), adapter);
    const live = await app.request('/health/live');
    expect(live.status).toBe(200);
    expect(live.headers['cache-control']).toBe('no-store');
    expect(live.headers['content-type']).toMatch(/application\/json/);
    expect(live.body).toMatchObject({
      status: 'ok',
      info: { memory_heap: { status: 'up' }, event_loop: { status: 'up' } },
      error: {},
      details: { memory_heap: { status: 'up' } },
    });
    expect(live.body.details.dep).toBeUndefined(); // liveness never runs dependencies

    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(ready.body).toMatchObject({ status: 'ok', info: { dep: { status: 'up' } }, error: {} });
    expect((await app.request('/health/startup')).status).toBe(404);
  });

  it('serves the probes under a custom path, and the startup probe when enabled', async () => {
    app = await bootApp(appWith({ path: '/internal/probes', startup: true }), adapter);
    expect((await app.request('/internal/probes/live')).status).toBe(200);
    expect((await app.request('/internal/probes/ready')).status).toBe(200);
    expect((await app.request('/internal/probes/startup')).body).toMatchObject({ status: 'ok' });
    expect((await app.request('/health/live')).status).toBe(404);
  });

  it('keeps the probes version-neutral and answers 503 (not 500) when a check throws', async () => {
    const boom = { check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:5432')) };
    app = await bootApp(
      appWith({ exposeDetails: true, readiness: { indicators: [{ name: 'db', use: boom }] } }),
      adapter,
      {
        configure: (nest: INestApplication) => {
          nest.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
        },
      },
    );
    expect((await app.request('/v1/health/ready')).status).toBe(404);
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      status: 'error',
      error: { db: { status: 'down', reason: 'error', message: 'ECONNREFUSED 10.0.0.7:5432' } },
    });
  });

  it('hides messages and hostnames unless exposeDetails is on', async () => {
    const errors: string[] = [];
    const captured = {
      log: () => undefined,
      warn: () => undefined,
      error: (message: unknown) => errors.push(JSON.stringify(message)),
    };
    const boom = { check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:5432')) };
    const down = { check: () => ({ up: false, details: { host: 'db.internal' } }) };
    app = await bootApp(
      appWith({
        exposeDetails: false,
        readiness: {
          indicators: [
            { name: 'db', use: boom },
            { name: 'search', use: down },
          ],
        },
      }),
      adapter,
      { logger: captured },
    );
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    // Operators still get the message: the check's "down" line carries it as a field.
    expect(errors.join('\n')).toContain('ECONNREFUSED 10.0.0.7:5432');
    expect(ready.body.error).toEqual({
      db: { status: 'down', reason: 'error' },
      search: { status: 'down', reason: 'reported-down' },
    });
    expect(ready.text).not.toContain('10.0.0.7');
    expect(ready.text).not.toContain('db.internal');
    expect((await app.request('/health/live')).body.details.memory_heap).toEqual({ status: 'up' });
  });

  it('reports a failing non-critical check as degraded with 200', async () => {
    const down = { check: () => ({ up: false }) };
    app = await bootApp(
      appWith({
        readiness: {
          indicators: [
            { name: 'search', use: down, critical: false },
            { name: 'db', use: ok },
          ],
        },
      }),
      adapter,
    );
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'degraded',
      info: { search: { status: 'degraded', reason: 'reported-down' }, db: { status: 'up' } },
      error: {},
    });
  });

  it('answers within the budget when a check hangs, naming it down with reason timeout', async () => {
    const hung = { check: () => new Promise<never>(() => undefined) };
    const slow = { check: () => new Promise<never>(() => undefined) };
    app = await bootApp(
      appWith({
        timeoutMs: 400,
        budgetMs: 1_500,
        readiness: {
          indicators: [
            { name: 'hung', use: hung },
            { name: 'slow', use: slow, timeoutMs: 60_000 }, // its own timeout is generous: the budget cuts it
            { name: 'fine', use: ok },
          ],
        },
      }),
      adapter,
    );
    const started = Date.now();
    const ready = await app.request('/health/ready');
    const elapsed = Date.now() - started;
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({
      hung: { status: 'down', reason: 'timeout', message: 'timeout of 400ms exceeded' },
      slow: { status: 'down', reason: 'timeout', message: 'probe budget of 1500ms exceeded' },
    });
    expect(ready.body.info).toMatchObject({ fine: { status: 'up' } });
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(1_500 + 2_000); // wide margin: the machine is shared
    expect((await app.request('/health/live')).status).toBe(200);
  });

  it('caches a check for cacheMs and shares it between probes', async () => {
    let calls = 0;
    const counted = { check: () => ((calls += 1), { up: true }) };
    app = await bootApp(
      appWith({ cacheMs: 60_000, readiness: { indicators: [{ name: 'db', use: counted }] } }),
      adapter,
    );
    await Promise.all([app.request('/health/ready'), app.request('/health/ready')]);
    const third = await app.request('/health/ready');
    expect(calls).toBe(1);
    expect(third.body.info.db).toMatchObject({ status: 'up', cachedResponse: true });
  });

  it('flips readiness to 503 at the first instant of shutdown while liveness stays 200', async () => {
    const state = new FakeShutdownState();
    app = await bootApp(
      appWith({}, [{ provide: 'BALLAST_SHUTDOWN_STATE', useValue: state }], ['BALLAST_SHUTDOWN_STATE']),
      adapter,
    );
    expect((await app.request('/health/ready')).status).toBe(200);
    state.begin();
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'shutting_down',
      info: {},
      error: { lifecycle: { status: 'down', reason: 'shutting-down' } },
      details: { lifecycle: { status: 'down', reason: 'shutting-down' } },
    });
    expect((await app.request('/health/live')).status).toBe(200);
  });

  it('runs contributors discovered by token, critical or degraded as they say', async () => {
    const contributors: BallastHealthContributor[] = [
      { name: 'cache', critical: false, check: async () => ({ up: false, details: { store: 'redis' } }) },
      { name: 'queue', critical: true, check: async () => ({ up: true }) },
    ];
    app = await bootApp(
      appWith({}, [{ provide: 'BALLAST_TEST_HEALTH_CONTRIBUTORS', useValue: contributors }]),
      adapter,
    );
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({
      cache: { status: 'degraded', reason: 'reported-down', store: 'redis' },
      queue: { status: 'up' },
    });
    await app.close();

    // An override makes the contributed check critical.
    app = await bootApp(
      appWith({ readiness: { overrides: { cache: { critical: true } } } }, [
        { provide: 'BALLAST_TEST_HEALTH_CONTRIBUTORS', useValue: contributors },
      ]),
      adapter,
    );
    const strict = await app.request('/health/ready');
    expect(strict.status).toBe(503);
    expect(strict.body.error).toMatchObject({ cache: { status: 'down' } });
  });

  it('creates a custom indicator class with its dependencies injected', async () => {
    @Injectable()
    class Flag {
      up = false;
    }
    @Injectable()
    class FlagIndicator {
      constructor(private readonly flag: Flag) {}
      check() {
        return { up: this.flag.up };
      }
    }
    app = await bootApp(
      appWith({ readiness: { indicators: [{ name: 'flag', use: FlagIndicator }] } }, [Flag], [Flag]),
      adapter,
    );
    expect((await app.request('/health/ready')).status).toBe(503);
    app.nest.get(Flag).up = true;
    expect((await app.request('/health/ready')).status).toBe(200);
  });

  it('answers readiness 503 not-listening while the app never listens, liveness 200; 200 after listen', async () => {
    app = await bootApp(appWith({ startup: true }), adapter, { listen: false });
    const nest = app.nest;
    const notListening = { status: 'down', reason: 'not-listening' };
    if (adapter.name === 'fastify') {
      // fastify's inject reaches the routes without any server listening.
      const inject = async (url: string) => {
        const res = await nest.getHttpAdapter().getInstance().inject({ method: 'GET', url });
        return { status: res.statusCode, body: JSON.parse(res.body) };
      };
      const ready = await inject('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { lifecycle: notListening } });
      expect((await inject('/health/startup')).body).toMatchObject({ error: { lifecycle: notListening } });
      expect((await inject('/health/live')).status).toBe(200);
    }
    const probes = nest.get(HealthProbeService);
    expect(await probes.probe('ready')).toMatchObject({ status: 503, body: { error: { lifecycle: notListening } } });
    expect(await probes.probe('startup')).toMatchObject({ status: 503, body: { error: { lifecycle: notListening } } });
    expect(await probes.probe('live')).toMatchObject({ status: 200 });

    await nest.listen(0, '127.0.0.1');
    const url = (await nest.getUrl()).replace('[::1]', '127.0.0.1');
    expect((await httpRequest(`${url}/health/ready`)).status).toBe(200);
    expect((await httpRequest(`${url}/health/startup`)).status).toBe(200);
  });

  it('counts a server listened on directly (not through app.listen()) as listening', async () => {
    app = await bootApp(appWith({ startup: true }), adapter, { listen: false });
    // fastify serves a raw server only once ready() has run its hooks (the Nest CLI Fastify template calls it).
    if (adapter.name === 'fastify') await app.nest.getHttpAdapter().getInstance().ready();
    const server = app.nest.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${server.address().port}`;
      expect((await httpRequest(`${base}/health/ready`)).status).toBe(200);
      expect((await httpRequest(`${base}/health/startup`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Closed again: no longer listening.
    expect(await app.nest.get(HealthProbeService).probe('ready')).toMatchObject({ status: 503 });
  });
});
