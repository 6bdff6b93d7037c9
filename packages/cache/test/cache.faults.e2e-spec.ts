import { Controller, Get, type LoggerService, Module, Param, UseInterceptors } from '@nestjs/common';
import { adapters, bootApp, httpRequest, type TestApp, sleep, RedisServer, freePort } from '@ballast/test-support';
import { BallastCacheInterceptor, BallastCacheModule, CacheService } from '../src/index.js';
import { uniqueNamespace } from './fixtures/stores.js';

// These tests start their own redis-server (no REDIS_URL needed): freezing or killing the shared one is not an option.
const SOURCE_MS = 20;
const OP_TIMEOUT = 100;
// Every answer must come within source time + op timeout; the margin absorbs a loaded 2-core CI machine (load
// averages of 15 were seen here while 8 suites ran). Without the op timeout a frozen Redis answers never: the request
// would hit the 10 s client timeout, so the bound still tells "bounded" from "hangs".
const MARGIN_MS = 1_500;
const BOUND_MS = SOURCE_MS + OP_TIMEOUT + MARGIN_MS;

interface LoadResult {
  total: number;
  failed: number;
  maxMs: number;
  hits: number;
}

/** `workers` clients requesting 20 keys in a loop until `stop()`; every response and its latency is checked. */
function startLoad(app: TestApp, workers = 6) {
  const result: LoadResult = { total: 0, failed: 0, maxMs: 0, hits: 0 };
  let running = true;
  let n = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await httpRequest(`${app.url}/items/${n++ % 20}`, { timeoutMs: 10_000 });
        if (res.status !== 200) result.failed++;
        if (res.headers['x-cache'] === 'HIT') result.hits++;
      } catch {
        result.failed++;
      }
      result.maxMs = Math.max(result.maxMs, performance.now() - started);
      result.total++;
    }
  });
  return {
    result,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}

function faultApp(url: string) {
  @Controller('items')
  @UseInterceptors(BallastCacheInterceptor)
  class ItemsController {
    @Get(':id')
    async item(@Param('id') id: string) {
      await sleep(SOURCE_MS);
      return { id };
    }
  }
  @Module({
    imports: [
      BallastCacheModule.forRoot({
        store: 'redis',
        url,
        namespace: uniqueNamespace('faults'),
        ttlMs: 1_000,
        opTimeoutMs: OP_TIMEOUT,
        connectTimeoutMs: 500,
        breakerResetMs: 1_000,
        warnIntervalMs: 60_000,
      }),
    ],
    controllers: [ItemsController],
  })
  class FaultAppModule {}
  return FaultAppModule;
}

async function waitForHit(app: TestApp, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    await httpRequest(`${app.url}/items/probe`);
    const res = await httpRequest(`${app.url}/items/probe`);
    if (res.headers['x-cache'] === 'HIT') return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`no cache hit within ${withinMs} ms`);
}

const report = (label: string, r: LoadResult) =>
  process.stdout.write(
    `[cache faults] ${label}: ${r.total} requests, ${r.failed} failed, max ${r.maxMs.toFixed(0)} ms (bound ${BOUND_MS} ms), ${r.hits} hits\n`,
  );

/** Keeps what the app logs, to count warnings. */
class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

describe.each(adapters)('fail-open Redis on $name', (adapter) => {
  let redis: RedisServer;
  let app: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    app = await bootApp(faultApp(redis.url), adapter, { logger });
  }, 30_000);

  afterAll(async () => {
    await redis.kill();
    await app?.close();
  }, 30_000);

  it('keeps answering every request in bounded time while Redis hangs (SIGSTOP), then hits return (SIGCONT)', async () => {
    await waitForHit(app, 5_000);
    const load = startLoad(app);
    await sleep(1_000);
    redis.freeze();
    await sleep(3_000);
    const during = { ...load.result };
    redis.thaw();
    await sleep(500);
    const result = await load.stop();
    report(`${adapter.name} SIGSTOP`, result);
    expect(result.failed).toBe(0);
    expect(result.total).toBeGreaterThan(during.total > 0 ? 50 : 0);
    expect(result.maxMs).toBeLessThanOrEqual(BOUND_MS);
    const stats = app.nest.get(CacheService).stats();
    expect(stats.timeouts).toBeGreaterThan(0);
    // Hundreds of reads failed or were skipped; the log got a handful of lines (one per kind per interval).
    expect(stats.timeouts + stats.skipped).toBeGreaterThan(20);
    const cacheWarnings = logger.warnings.filter((w) => w.includes('cache "default"'));
    expect(cacheWarnings.length).toBeGreaterThan(0);
    expect(cacheWarnings.length).toBeLessThanOrEqual(5);
    const back = await waitForHit(app, 10_000);
    process.stdout.write(`[cache faults] ${adapter.name} hits back ${back} ms after the SIGCONT checks\n`);
  }, 60_000);

  it('keeps answering every request in bounded time when Redis crashes (SIGKILL), and reconnects when it is back', async () => {
    await waitForHit(app, 10_000);
    const load = startLoad(app);
    await sleep(1_000);
    await redis.kill();
    await sleep(2_000);
    const result = await load.stop();
    report(`${adapter.name} SIGKILL`, result);
    expect(result.failed).toBe(0);
    expect(result.maxMs).toBeLessThanOrEqual(BOUND_MS);
    await redis.start();
    const back = await waitForHit(app, 10_000);
    process.stdout.write(`[cache faults] ${adapter.name} hits back ${back} ms after the restart\n`);
  }, 60_000);
});

describe.each(adapters)('Redis absent at boot on $name', (adapter) => {
  it('starts, serves from the source, and uses Redis once it appears', async () => {
    const redis = new RedisServer(await freePort());
    const started = Date.now();
    const app = await bootApp(faultApp(redis.url), adapter);
    try {
      const bootMs = Date.now() - started;
      expect(bootMs).toBeLessThan(5_000);
      const first = await app.request('/items/1');
      const second = await app.request('/items/1');
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.headers['x-cache']).toBe('MISS');
      await redis.start();
      const back = await waitForHit(app, 10_000);
      process.stdout.write(
        `[cache faults] ${adapter.name} boot without Redis took ${bootMs} ms; hits ${back} ms after Redis started\n`,
      );
    } finally {
      await redis.kill();
      await app.close();
    }
  }, 60_000);
});
