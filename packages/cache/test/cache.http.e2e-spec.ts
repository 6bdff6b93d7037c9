import { Module } from '@nestjs/common';
import { adapters, bootApp, httpRequest, type TestApp } from '@ballast/test-support';
import { Calls, httpCacheApp } from './fixtures/http-app.js';
import { storeCases, uniqueNamespace } from './fixtures/stores.js';

describe.each(adapters)('HTTP cache interceptor on $name', (adapter) => {
  describe.each(storeCases())('with the $name store', ({ options: store }) => {
    let app: TestApp;
    const calls = new Calls();
    beforeAll(async () => {
      const dynamic = httpCacheApp(calls, { ...store, namespace: uniqueNamespace('http'), ttlMs: 10_000 });
      @Module({ imports: [dynamic] })
      class Root {}
      app = await bootApp(Root, adapter);
    });
    afterAll(async () => {
      await app.close();
    });

    it('answers MISS then HIT, from one handler call', async () => {
      const first = await app.request('/items/1');
      const second = await app.request('/items/1');
      expect(first.headers['x-cache']).toBe('MISS');
      expect(second.headers['x-cache']).toBe('HIT');
      expect(second.body).toEqual(first.body);
      expect(calls.counts['item:1']).toBe(1);
    });

    it('caches GET only', async () => {
      await app.request('/items/2', { method: 'POST' });
      const again = await app.request('/items/2', { method: 'POST' });
      expect(again.headers['x-cache']).toBeUndefined();
      expect(calls.counts['post:2']).toBe(2);
    });

    it('never serves one user the response of another on the same authenticated URL', async () => {
      const alice = await app.request('/me', { headers: { authorization: 'Bearer alice' } });
      const bob = await app.request('/me', { headers: { authorization: 'Bearer bob' } });
      const aliceAgain = await app.request('/me', { headers: { authorization: 'Bearer alice' } });
      expect(bob.headers['x-cache']).toBe('MISS');
      expect(bob.body.call).not.toBe(alice.body.call);
      expect(aliceAgain.headers['x-cache']).toBe('HIT');
      expect(aliceAgain.body).toEqual(alice.body);
    });

    it('does not cache an authenticated request whose identity it cannot tell', async () => {
      await app.request('/session', { headers: { cookie: 'sid=1' } });
      const second = await app.request('/session', { headers: { cookie: 'sid=2' } });
      expect(second.headers['x-cache']).toBeUndefined();
      expect(calls.counts.session).toBe(2);
    });

    it('uses an explicit route key, and lets a route opt out', async () => {
      await app.request('/report?x=1');
      const other = await app.request('/report?x=2');
      expect(other.headers['x-cache']).toBe('HIT');
      await app.request('/fresh');
      await app.request('/fresh');
      expect(calls.counts.fresh).toBe(2);
    });

    it('answers streams but never caches them (a stream can be sent once)', async () => {
      const first = await app.request('/file');
      const second = await app.request('/file');
      expect([first.text, second.text]).toEqual(['file 1', 'file 2']);
    });

    it('never caches health routes (/health and under it), but does cache /healthz', async () => {
      await app.request('/health/ready');
      const second = await app.request('/health/ready');
      expect(second.headers['x-cache']).toBeUndefined();
      expect(calls.counts.health).toBe(2);
      await app.request('/healthz');
      expect((await app.request('/healthz')).headers['x-cache']).toBe('HIT');
      expect(calls.counts.healthz).toBe(1);
    });

    it("keeps @nestjs/cache-manager's CacheInterceptor working on CACHE_MANAGER", async () => {
      const first = await app.request('/legacy');
      const second = await app.request('/legacy');
      expect(second.body).toEqual(first.body);
      expect(calls.counts.legacy).toBe(1);
    });

    it('runs the handler once for 1,000 concurrent requests of one cold key', async () => {
      calls.sourceDelayMs = 100;
      try {
        const responses = await Promise.all(
          Array.from({ length: 1000 }, () => httpRequest(`${app.url}/items/cold`, { timeoutMs: 60_000 })),
        );
        expect(responses.every((r) => r.status === 200 && r.body.id === 'cold')).toBe(true);
        expect(calls.counts['item:cold']).toBe(1);
      } finally {
        calls.sourceDelayMs = 0;
      }
    }, 90_000);
  });
});

describe.each(adapters)('HTTP cache http.ignorePaths on $name', (adapter) => {
  let app: TestApp;
  const calls = new Calls();
  beforeAll(async () => {
    const http = { ignorePaths: ['/items/raw', /^\/items\/live-\d+$/] };
    const dynamic = httpCacheApp(calls, { namespace: uniqueNamespace('http-ignore'), http });
    @Module({ imports: [dynamic] })
    class Root {}
    app = await bootApp(Root, adapter);
  });
  afterAll(async () => {
    await app.close();
  });

  /** X-Cache of two requests of `path`, and how often its handler ran. */
  async function twice(path: string, counter: string) {
    const first = await app.request(path);
    const second = await app.request(path);
    return [first.headers['x-cache'], second.headers['x-cache'], calls.counts[counter]];
  }

  it('ignores a string path whatever its query, not a longer segment', async () => {
    expect(await twice('/items/raw', 'item:raw')).toEqual([undefined, undefined, 2]);
    expect(await twice('/items/raw?page=2', 'item:raw')).toEqual([undefined, undefined, 4]);
    expect(await twice('/items/rawest', 'item:rawest')).toEqual(['MISS', 'HIT', 1]);
  });

  it('ignores paths a RegExp matches, tested without the query string', async () => {
    expect(await twice('/items/live-1?x=1', 'item:live-1')).toEqual([undefined, undefined, 2]);
    expect(await twice('/items/live-x', 'item:live-x')).toEqual(['MISS', 'HIT', 1]);
  });

  it('no longer ignores /health once ignorePaths is set without it', async () => {
    expect(await twice('/health/ready', 'health')).toEqual(['MISS', 'HIT', 1]);
  });
});
