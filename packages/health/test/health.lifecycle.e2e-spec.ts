import { type BeforeApplicationShutdown, Injectable, Module } from '@nestjs/common';
import { BallastShutdownModule, enableBallastShutdown } from '@ballast/shutdown';
import { adapters, bootApp, httpRequest, sleep, type TestApp } from '@ballast/test-support';
import { BallastHealthModule } from '../src/index.js';

describe.each(adapters)('probes across the app lifecycle on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  it('during app.close(): readiness 503 at once, liveness 200 until the listener closes (terminus#2569)', async () => {
    let release!: () => void;
    let entered!: () => void;
    const hookEntered = new Promise<void>((resolve) => (entered = resolve));
    @Injectable()
    class SlowShutdown implements BeforeApplicationShutdown {
      // Holds Nest's shutdown in beforeApplicationShutdown, where terminus already reports "shutting_down".
      beforeApplicationShutdown(): Promise<void> {
        entered();
        return new Promise((resolve) => (release = resolve));
      }
    }
    @Module({ imports: [BallastHealthModule.forRoot({})], providers: [SlowShutdown] })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    const url = app.url;
    const closing = app.nest.close();
    await hookEntered;
    try {
      const ready = await httpRequest(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('shutting_down');
      const live = await httpRequest(`${url}/health/live`);
      expect(live.status).toBe(200);
      expect(live.body.status).toBe('ok');
    } finally {
      release();
      await closing;
      app = undefined;
    }
  });

  it('with the real @ballast/shutdown: readiness 503 from the first instant, liveness 200 while it drains', async () => {
    @Module({
      imports: [
        BallastShutdownModule.forRoot({ signals: ['SIGUSR2'], readinessDelayMs: 1_500, exit: false }),
        BallastHealthModule.forRoot({}),
      ],
    })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    const shutdown = enableBallastShutdown(app.nest);
    expect((await app.request('/health/ready')).status).toBe(200);

    const done = shutdown.shutdown('test');
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error).toEqual({ lifecycle: { status: 'down', reason: 'shutting-down' } });
    expect((await app.request('/health/live')).status).toBe(200);
    await done;
    app = undefined; // closed by the shutdown sequence
  });

  it('fails liveness on its own merits: heap over the limit, event loop blocked', async () => {
    @Module({ imports: [BallastHealthModule.forRoot({ liveness: { heapUsedBytes: 1, eventLoopDelayMs: 150 } })] })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    await app.request('/health/live'); // starts a fresh event-loop window
    // Node's histogram drops the first interval after a reset: let one tick land before blocking.
    await sleep(100);
    const until = Date.now() + 600;
    while (Date.now() < until) {
      // block the event loop
    }
    const live = await app.request('/health/live');
    expect(live.status).toBe(503);
    expect(live.body.error).toMatchObject({
      memory_heap: { status: 'down', reason: 'reported-down' },
      event_loop: { status: 'down', reason: 'reported-down' },
    });
    expect(live.body.error.event_loop.p99Ms).toBeGreaterThan(150);
  });

  it('startup: 503 until its indicators pass', async () => {
    let warm = false;
    @Module({
      imports: [
        BallastHealthModule.forRoot({ startup: { indicators: [{ name: 'cache_warm', use: { check: () => warm } }] } }),
      ],
    })
    class AppModule {}
    app = await bootApp(AppModule, adapter);
    const cold = await app.request('/health/startup');
    expect(cold.status).toBe(503);
    expect(cold.body.error).toMatchObject({ cache_warm: { status: 'down' } });
    warm = true;
    expect((await app.request('/health/startup')).status).toBe(200);
  });
});
