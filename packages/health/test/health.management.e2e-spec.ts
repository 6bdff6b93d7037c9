import { createServer } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CanActivate, Controller, Get, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BallastShutdownModule, BeforeShutdown, enableBallastShutdown } from '@ballast/shutdown';
import { adapters, bootApp, httpRequest, type TestApp } from '@ballast/test-support';
import {
  BallastHealthModule,
  HEALTH_MANAGEMENT_LISTEN_FAILED,
  HealthManagementServer,
  type HealthModuleOptions,
} from '../src/index.js';

/** An auth guard with no public route: everything on the app's port is denied. */
@Injectable()
class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller('things')
class ThingsController {
  @Get()
  list(): string[] {
    return ['a'];
  }
}

/** A stand-in for the OTel Prometheus exporter's handler. */
function metrics(_request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('content-type', 'text/plain');
  response.end('# HELP up_total test\n');
}

function appWith(options: HealthModuleOptions, providers: any[] = [], imports: any[] = []) {
  @Module({ imports: [...imports, BallastHealthModule.forRoot(options)], controllers: [ThingsController], providers })
  class AppModule {}
  return AppModule;
}

/** Connection refused (or reset) instead of an answer. */
async function refused(url: string): Promise<boolean> {
  return httpRequest(url, { timeoutMs: 2_000 }).then(
    () => false,
    () => true,
  );
}

describe.each(adapters)('management server on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  const managementUrl = (test: TestApp) => `http://127.0.0.1:${test.nest.get(HealthManagementServer).port}`;

  it('answers the probes and /metrics on its own port, past a deny-all guard and a global prefix', async () => {
    app = await bootApp(
      appWith({ startup: true, management: { port: 0, host: '127.0.0.1', metrics } }, [
        { provide: APP_GUARD, useClass: DenyAll },
      ]),
      adapter,
      { configure: (nest) => void nest.setGlobalPrefix('api') },
    );
    const management = managementUrl(app);
    expect((await app.request('/api/things')).status).toBe(403);

    for (const probe of ['live', 'ready', 'startup']) {
      const [main, side] = [await app.request(`/health/${probe}`), await httpRequest(`${management}/health/${probe}`)];
      expect([probe, side.status]).toEqual([probe, 200]);
      expect(side.status).toBe(main.status);
      expect(side.headers['cache-control']).toBe('no-store');
      expect(side.headers['content-type']).toMatch(/^application\/json/);
      expect(side.body.status).toBe(main.body.status);
      expect(Object.keys(side.body.info)).toEqual(Object.keys(main.body.info));
    }
    const scraped = await httpRequest(`${management}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('# HELP up_total');
    expect((await httpRequest(`${management}/api/health/ready`)).status).toBe(404);
    expect((await httpRequest(`${management}/things`)).status).toBe(404);
    const post = await httpRequest(`${management}/health/ready`, { method: 'POST' });
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('answers 404 for /metrics without a handler, and for the startup probe when it is off (as the app port)', async () => {
    app = await bootApp(appWith({ management: { port: 0 } }), adapter);
    const management = managementUrl(app);
    expect((await httpRequest(`${management}/metrics`)).status).toBe(404);
    const startup = await httpRequest(`${management}/health/startup`);
    expect(startup.status).toBe(404);
    expect(startup.body).toEqual((await app.request('/health/startup')).body);
  });

  it('serves the probes at a custom path, from forRootAsync', async () => {
    @Module({
      imports: [
        BallastHealthModule.forRootAsync({
          useFactory: () => ({ path: 'internal/health', management: { port: 0, probesOnMainPort: false } }),
        }),
      ],
    })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    expect((await httpRequest(`${managementUrl(app)}/internal/health/ready`)).status).toBe(200);
    expect((await app.request('/internal/health/ready')).status).toBe(404);
  });

  it.each(['adapter', 'nest'] as const)(
    'probesOnMainPort: false removes the probe routes from the app port (routing %s)',
    async (routing) => {
      app = await bootApp(appWith({ routing, management: { port: 0, probesOnMainPort: false } }), adapter);
      for (const probe of ['live', 'ready']) {
        expect((await app.request(`/health/${probe}`)).status).toBe(404);
        expect((await httpRequest(`${managementUrl(app)}/health/${probe}`)).status).toBe(200);
      }
      expect((await app.request('/things')).status).toBe(200);
    },
  );

  it('keeps answering through the shutdown (readiness 503, liveness 200) after the app port closed, then closes', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inHook = new Promise<void>((resolve) => (entered = resolve));
    @Injectable()
    class SlowConsumer {
      // Runs after the app's server drained and closed, before app.close().
      @BeforeShutdown({ timeoutMs: 20_000 })
      stop(): Promise<void> {
        entered();
        return new Promise((resolve) => (release = resolve));
      }
    }
    app = await bootApp(
      appWith(
        { management: { port: 0, metrics } },
        [SlowConsumer],
        [BallastShutdownModule.forRoot({ signals: ['SIGUSR2'], readinessDelayMs: 0, exit: false })],
      ),
      adapter,
    );
    const management = managementUrl(app);
    const shutdown = enableBallastShutdown(app.nest);
    const done = shutdown.shutdown('test');
    await inHook;
    try {
      expect(await refused(`${app.url}/health/live`)).toBe(true);
      const ready = await httpRequest(`${management}/health/ready`);
      expect([ready.status, ready.body.error]).toEqual([
        503,
        { lifecycle: { status: 'down', reason: 'shutting-down' } },
      ]);
      expect((await httpRequest(`${management}/health/live`)).status).toBe(200);
      expect((await httpRequest(`${management}/metrics`)).status).toBe(200);
    } finally {
      release();
      await done;
    }
    app = undefined; // closed by the shutdown sequence
    expect(await refused(`${management}/health/live`)).toBe(true);
  });

  it('fails the boot with a coded error naming the option when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(bootApp(appWith({ management: { port, host: '127.0.0.1' } }), adapter)).rejects.toMatchObject({
        code: HEALTH_MANAGEMENT_LISTEN_FAILED,
        message: expect.stringMatching(/port \d+: .*EADDRINUSE[\s\S]*choose another management\.port/),
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
