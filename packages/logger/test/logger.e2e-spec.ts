import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { adapters, bootApp, type AdapterCase, type TestApp } from '@ballast/test-support';
import { BallastLogger, BallastLoggerModule, type LoggerModuleOptions } from '../src/index.js';
import { OrdersController, OrdersService } from './fixtures/app.js';
import { eventually, MemoryStream } from './fixtures/memory-stream.js';

async function boot(
  adapter: AdapterCase,
  options: LoggerModuleOptions = {},
  imports: DynamicModule[] = [],
): Promise<{ app: TestApp; out: MemoryStream }> {
  const out = new MemoryStream();
  @Module({
    imports: [...imports, BallastLoggerModule.forRoot({ ...options, destination: out })],
    controllers: [OrdersController],
    providers: [OrdersService],
  })
  class AppModule {}
  const app = await bootApp(AppModule, adapter, {
    configure: (nest) => nest.useLogger(nest.get(BallastLogger)),
  });
  return { app, out };
}

describe.each(adapters)('BallastLogger on $name', (adapter) => {
  let app: TestApp;
  let out: MemoryStream;

  beforeAll(async () => {
    ({ app, out } = await boot(adapter));
  });
  afterAll(async () => {
    await app?.close();
    Logger.overrideLogger(false);
  });
  beforeEach(() => out.clear());

  it('routes Nest logs and `new Logger(Ctx)` through pino, with context', async () => {
    const res = await app.request('/orders/42');
    expect(res.status).toBe(200);
    const [line] = out.withMsg('nest logger sees order 42');
    expect(line).toMatchObject({ level: 30, context: 'OrdersService' });
    const [fields] = out.withMsg('finding order');
    expect(fields).toMatchObject({ level: 30, orderId: '42' });
  });

  it('writes one request line with method, route, path, status, duration, size', async () => {
    await app.request('/orders/7?page=2');
    await eventually(() => out.requestLines().length === 1);
    const [line] = out.requestLines();
    expect(line).toMatchObject({
      level: 30,
      method: 'GET',
      route: '/orders/:id',
      path: '/orders/7',
      query: 'page=2',
      statusCode: 200,
      responseSize: expect.any(Number),
    });
    expect(line!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('logs at error for 5xx and warn for 4xx, and serializes the error with its cause', async () => {
    expect((await app.request('/fail')).status).toBe(500);
    expect((await app.request('/missing')).status).toBe(404);
    expect((await app.request('/no-such-route')).status).toBe(404);
    await eventually(() => out.requestLines().length === 3);
    const byPath = Object.fromEntries(out.requestLines().map((l) => [l.path, l]));
    expect(byPath['/fail']).toMatchObject({ level: 50, statusCode: 500, route: '/fail' });
    expect(byPath['/missing']).toMatchObject({ level: 40, statusCode: 404 });
    expect(byPath['/no-such-route']).toMatchObject({ level: 40, statusCode: 404 });
    const errorLine = out.lines().find((l) => l.err?.message === 'database is down');
    expect(errorLine).toMatchObject({
      level: 50,
      err: {
        type: 'Error',
        stack: expect.stringContaining('database is down'),
        cause: { message: 'connection refused' },
      },
    });
  });

  it('ignores health probe paths', async () => {
    await app.request('/health/live');
    await app.request('/orders/1');
    await eventually(() => out.requestLines().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out.requestLines().map((l) => l.path)).toEqual(['/orders/1']);
  });
});

describe.each(adapters)('request logging options on $name', (adapter) => {
  afterEach(() => Logger.overrideLogger(false));

  it('skips configured paths (string or RegExp) on top of the health probes', async () => {
    const { app, out } = await boot(adapter, { requestLogging: { ignorePaths: ['/orders/1', /^\/echo\//] } });
    try {
      await app.request('/orders/1');
      await app.request('/echo/hi');
      await app.request('/health/live');
      await app.request('/orders/2');
      await eventually(() => out.requestLines().length === 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(out.requestLines().map((l) => l.path)).toEqual(['/orders/2']);
    } finally {
      await app.close();
    }
  });

  it('writes no request line with requestLogging: false, and still logs app lines', async () => {
    const { app, out } = await boot(adapter, { requestLogging: false });
    try {
      await app.request('/orders/3');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(out.requestLines()).toEqual([]);
      expect(out.withMsg('finding order')).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('follows setLevel() at runtime: request lines below the level are dropped', async () => {
    const { app, out } = await boot(adapter);
    try {
      app.nest.get(BallastLogger).setLevel('warn');
      await app.request('/orders/4'); // 200: info, dropped
      await app.request('/missing'); // 404: warn, kept
      await eventually(() => out.requestLines().length === 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(out.requestLines().map((l) => [l.path, l.level])).toEqual([['/missing', 40]]);
    } finally {
      await app.close();
    }
  });
});
