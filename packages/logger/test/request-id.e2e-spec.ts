import { Logger, Module } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import { BallastContextModule } from '@ballast/context';
import { BallastLogger, BallastLoggerModule } from '../src/index.js';
import { OrdersController, OrdersService } from './fixtures/app.js';
import { eventually, MemoryStream } from './fixtures/memory-stream.js';

describe.each(adapters)('request ids on $name', (adapter) => {
  let app: TestApp;
  const out = new MemoryStream();

  beforeAll(async () => {
    @Module({
      imports: [BallastContextModule.forRoot(), BallastLoggerModule.forRoot({ destination: out })],
      controllers: [OrdersController],
      providers: [OrdersService],
    })
    class AppModule {}
    app = await bootApp(AppModule, adapter, { configure: (nest) => nest.useLogger(nest.get(BallastLogger)) });
  });
  afterAll(async () => {
    await app?.close();
    Logger.overrideLogger(false);
  });
  beforeEach(() => out.clear());

  it('puts the request id on service logs, Nest Logger lines and the request line', async () => {
    const res = await app.request('/orders/9', { headers: { 'x-request-id': 'req-abc-123' } });
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    await eventually(() => out.requestLines().length === 1);
    const lines = out.lines();
    expect(out.withMsg('finding order')[0]).toMatchObject({ requestId: 'req-abc-123', orderId: '9' });
    expect(out.withMsg('nest logger sees order 9')[0]).toMatchObject({ requestId: 'req-abc-123' });
    expect(out.requestLines()[0]).toMatchObject({ requestId: 'req-abc-123', statusCode: 200 });
    expect(lines.every((line) => line.requestId === 'req-abc-123')).toBe(true);
  });

  it("puts the request's context fields on its request line, and only on its own", async () => {
    await Promise.all([
      app.request('/me', { headers: { 'x-request-id': 'with-user' } }),
      app.request('/orders/1', { headers: { 'x-request-id': 'without-user' } }),
    ]);
    await eventually(() => out.requestLines().length === 2);
    const byId = (id: string) => out.requestLines().find((l) => l.requestId === id);
    expect(byId('with-user')).toMatchObject({ userId: 'u_42', path: '/me', statusCode: 200 });
    expect(byId('without-user')).not.toHaveProperty('userId');
  });

  it('puts the id and the context fields on the line of an aborted request (written outside its async context)', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${app.url}/slow`, { agent: false, headers: { 'x-request-id': 'gone-early' } });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 150);
    });
    await eventually(() => out.requestLines().length >= 1);
    expect(out.requestLines()[0]).toMatchObject({
      msg: 'request aborted',
      aborted: true,
      requestId: 'gone-early',
      userId: 'u_slow',
    });
  });

  it('gives concurrent requests their own ids', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => app.request(`/orders/${i}`, { headers: { 'x-request-id': `id-${i}` } })),
    );
    await eventually(() => out.requestLines().length === 10);
    for (let i = 0; i < 10; i++) {
      expect(out.withMsg('finding order').find((l) => l.orderId === String(i))?.requestId).toBe(`id-${i}`);
      expect(out.requestLines().find((l) => l.path === `/orders/${i}`)?.requestId).toBe(`id-${i}`);
    }
  });

  it('generates an id when the request has none, and echoes it', async () => {
    const res = await app.request('/orders/5');
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await eventually(() => out.requestLines().length === 1);
    expect(out.withMsg('finding order')[0]!.requestId).toBe(id);
    expect(out.requestLines()[0]!.requestId).toBe(id);
  });

  it('puts the job id and fields on lines written inside a wrapped job (no HTTP request)', async () => {
    const requestId = await app.nest.get(OrdersService).runJob();
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.withMsg('job step')).toEqual([
      expect.objectContaining({ requestId, job: 'nightly', context: 'OrdersService' }),
    ]);
    app.nest.get(BallastLogger).log('outside any job');
    expect(out.withMsg('outside any job')[0]!.requestId).toBeUndefined();
  });

  it('keeps the request id when a job is started from a request', async () => {
    const res = await app.request('/job', { headers: { 'x-request-id': 'req-with-job' } });
    expect(res.body.requestId).toBe('req-with-job');
    expect(out.withMsg('job step')[0]).toMatchObject({ requestId: 'req-with-job', job: 'nightly' });
  });
});
