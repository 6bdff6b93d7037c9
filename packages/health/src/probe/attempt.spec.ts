import { attempt, type AttemptCache } from './attempt.js';

describe('attempt', () => {
  it('is up with the value, or down with the message of what was thrown (sync or async)', async () => {
    expect(await attempt(() => 42, 1_000)).toMatchObject({ status: 'up', value: 42, responseTime: expect.any(Number) });
    expect(
      await attempt(() => {
        throw new Error('sync');
      }, 1_000),
    ).toMatchObject({ status: 'down', message: 'sync', timedOut: false });
    expect(await attempt(() => Promise.reject(new Error('ECONNREFUSED')), 1_000)).toMatchObject({
      status: 'down',
      message: 'ECONNREFUSED',
      timedOut: false,
    });
  });

  it("aborts the signal at the timeout and words it like terminus; the signal also aborts once it's over", async () => {
    let seen: AbortSignal | undefined;
    const hung = await attempt((signal) => new Promise<never>(() => (seen = signal)), 50);
    expect(hung).toMatchObject({ status: 'down', message: 'timeout of 50ms exceeded', timedOut: true });
    expect(seen?.aborted).toBe(true);
    await attempt((signal) => (seen = signal), 1_000);
    expect(seen?.aborted).toBe(true);
  });

  it('shares one in-flight run, then serves the settled result as cachedResponse until the TTL ends', async () => {
    const cache: AttemptCache = new Map();
    let runs = 0;
    let release!: () => void;
    const fn = () => {
      runs += 1;
      return new Promise<number>((resolve) => (release = () => resolve(runs)));
    };
    const caching = { cache, key: 'k', ttlMs: 80 };
    const first = attempt(fn, 1_000, caching);
    const concurrent = attempt(fn, 1_000, caching);
    release();
    expect(await first).toMatchObject({ status: 'up', value: 1 });
    expect(await first).not.toHaveProperty('cachedResponse');
    expect(await concurrent).not.toHaveProperty('cachedResponse'); // shared the run, was not served from the cache
    expect(await attempt(fn, 1_000, caching)).toMatchObject({ value: 1, cachedResponse: true });
    expect(runs).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 100));
    const fresh = attempt(fn, 1_000, caching);
    release();
    expect(await fresh).toMatchObject({ value: 2 });
    expect(runs).toBe(2);
  });
});
