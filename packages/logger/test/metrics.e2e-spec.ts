// HTTP server and log line metrics on a real OpenTelemetry SDK (test-support's TestTelemetry), on Express and
// Fastify; and the same app without any provider registered, first.
import { request as httpGet } from 'node:http';
import { Controller, Get, HttpException, Logger, Module, Param } from '@nestjs/common';
import { adapters, bootApp, type AdapterCase, type Point, type TestApp, TestTelemetry } from '@ballast/test-support';
import { BallastLogger, BallastLoggerModule, type LoggerModuleOptions } from '../src/index.js';
import { eventually, MemoryStream } from './fixtures/memory-stream.js';

let releaseSlow: () => void = () => undefined;
let slowArrived: () => void = () => undefined;

@Controller()
class ThingsController {
  @Get('x/:id')
  thing(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get('boom')
  boom(): never {
    throw new HttpException('down', 500);
  }

  @Get('healthz')
  health(): string {
    return 'ok';
  }

  @Get('slow')
  async slow(): Promise<string> {
    await new Promise<void>((resolve) => {
      releaseSlow = resolve;
      slowArrived();
    });
    return 'late';
  }
}

async function boot(
  adapter: AdapterCase,
  options: LoggerModuleOptions = {},
): Promise<{ app: TestApp; out: MemoryStream }> {
  const out = new MemoryStream();
  @Module({
    imports: [BallastLoggerModule.forRoot({ ...options, destination: out })],
    controllers: [ThingsController],
  })
  class AppModule {}
  const app = await bootApp(AppModule, adapter, { configure: (nest) => nest.useLogger(nest.get(BallastLogger)) });
  return { app, out };
}

/** Sends GET `path` and destroys the connection once the handler runs (an aborted request). */
async function abortedRequest(app: TestApp, path: string): Promise<void> {
  const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
  const req = httpGet(app.url + path);
  req.on('error', () => undefined);
  req.end();
  await arrived;
  req.destroy();
}

function durations(points: Point[], route?: string): Point[] {
  return points.filter((p) => route === undefined || p.attributes['http.route'] === route);
}

function count(points: Point[]): number {
  return points.reduce((sum, p) => sum + (p.count ?? 0), 0);
}

async function until(predicate: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('without a meter provider', () => {
  it.each(adapters)('serves and logs on $name as before', async (adapter) => {
    const { app, out } = await boot(adapter);
    try {
      expect((await app.request('/x/1')).status).toBe(200);
      await eventually(() => out.requestLines().length === 1);
    } finally {
      await app.close();
      Logger.overrideLogger(false);
    }
  });
});

describe('with a meter provider', () => {
  let sdk: TestTelemetry;
  beforeAll(() => {
    sdk = new TestTelemetry().start();
  });
  afterAll(async () => {
    await sdk.stop();
  });

  describe.each(adapters)('on $name', (adapter) => {
    let app: TestApp;
    let out: MemoryStream;
    beforeAll(async () => {
      ({ app, out } = await boot(adapter, { requestLogging: { ignorePaths: ['/healthz'] } }));
    });
    afterAll(async () => {
      await app?.close();
      Logger.overrideLogger(false);
    });

    // Both adapters' apps record on the same meter: points are cumulative over the file, compare counts.
    const points = (): Promise<Point[]> => sdk.points('http.server.request.duration');

    it('records the duration by route template, method and status, never the raw path', async () => {
      const before = durations(await points(), '/x/:id')[0]?.count ?? 0;
      expect((await app.request('/x/1')).status).toBe(200);
      expect((await app.request('/x/2')).status).toBe(200);
      const [point, ...others] = durations(await points(), '/x/:id');
      expect(others).toEqual([]);
      expect(point).toMatchObject({
        unit: 's',
        attributes: { 'http.request.method': 'GET', 'http.route': '/x/:id', 'http.response.status_code': 200 },
      });
      expect(point!.count).toBe(before + 2);
      expect(point!.sum).toBeGreaterThan(0);
      expect(point!.boundaries).toContain(0.005);
      expect(point!.attributes['error.type']).toBeUndefined();
      const all = await points();
      expect(all.some((p) => String(p.attributes['http.route']).includes('/x/1'))).toBe(false);
    });

    it("gives a 5xx error.type '500'", async () => {
      expect((await app.request('/boom')).status).toBe(500);
      const [point] = durations(await points(), '/boom');
      expect(point?.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });
    });

    it('leaves http.route out for unmatched paths', async () => {
      expect((await app.request('/no/such/thing/123')).status).toBe(404);
      const unmatched = (await points()).filter((p) => p.attributes['http.response.status_code'] === 404);
      expect(unmatched.length).toBeGreaterThan(0);
      for (const p of unmatched) expect(p.attributes['http.route']).toBeUndefined();
    });

    it('records requests of ignored paths (no log line)', async () => {
      out.clear();
      const before = count(durations(await points(), '/healthz'));
      expect((await app.request('/healthz')).status).toBe(200);
      await until(async () => count(durations(await points(), '/healthz')) === before + 1);
      expect(out.requestLines().filter((l) => l.path === '/healthz')).toEqual([]);
    });

    it("records an aborted request with error.type 'aborted'", async () => {
      const aborted = async () =>
        count(durations(await points(), '/slow').filter((p) => p.attributes['error.type'] === 'aborted'));
      const before = await aborted();
      await abortedRequest(app, '/slow');
      await until(async () => (await aborted()) === before + 1);
      const [point] = durations(await points(), '/slow');
      // Cut before its response started: no status was sent.
      expect(point!.attributes['http.response.status_code']).toBeUndefined();
      releaseSlow();
    });

    it('counts a request in progress on http.server.active_requests', async () => {
      const activeGets = async () =>
        (await sdk.points('http.server.active_requests')).find((p) => p.attributes['http.request.method'] === 'GET')
          ?.value ?? 0;
      const before = await activeGets();
      const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
      const pending = app.request('/slow');
      await arrived;
      expect(await activeGets()).toBe(before + 1);
      releaseSlow();
      expect((await pending).status).toBe(200);
      await until(async () => (await activeGets()) === before);
    });

    it('brings http.server.active_requests back to 0', async () => {
      await until(async () => {
        const active = await sdk.points('http.server.active_requests');
        return active.length > 0 && active.every((p) => p.value === 0);
      });
      const [get] = (await sdk.points('http.server.active_requests')).filter(
        (p) => p.attributes['http.request.method'] === 'GET',
      );
      expect(get).toMatchObject({ unit: '{request}', value: 0 });
    });

    it('counts log lines by level', async () => {
      const lines = await sdk.points('ballast.logger.lines');
      expect(lines.find((p) => p.attributes['log.level'] === 'info')?.value).toBeGreaterThan(0);
      expect(lines.find((p) => p.attributes['log.level'] === 'error')?.value).toBeGreaterThan(0);
    });
  });
});
