import { Module } from '@nestjs/common';
import { adapters, bootApp, serviceUrl, type TestApp } from '@ballast/test-support';
import { Calls } from './fixtures/http-app.js';
import { identityApp } from './fixtures/identity-app.js';
import { storeCases, uniqueNamespace } from './fixtures/stores.js';
import type { CacheModuleOptions } from '../src/index.js';

const http = { credentialHeaders: ['X-Tenant-Pass'], credentialQueryParams: ['ticket'] };

/** How a caller proves who they are: the request options for one user. */
const styles: { name: string; as: (user: string) => { path: string; headers?: Record<string, string> } }[] = [
  { name: 'x-api-key header', as: (u) => ({ path: '/whoami', headers: { 'x-api-key': u } }) },
  { name: 'X-Auth-Token header (any case)', as: (u) => ({ path: '/whoami', headers: { 'X-Auth-Token': u } }) },
  {
    name: 'header declared in http.credentialHeaders',
    as: (u) => ({ path: '/whoami', headers: { 'x-tenant-pass': u } }),
  },
  { name: 'api_key query parameter', as: (u) => ({ path: `/whoami?api_key=${u}` }) },
  { name: 'accessToken query parameter (word rule)', as: (u) => ({ path: `/whoami?accessToken=${u}` }) },
  { name: 'parameter declared in http.credentialQueryParams', as: (u) => ({ path: `/whoami?TICKET=${u}` }) },
  { name: 'bearer token', as: (u) => ({ path: '/whoami', headers: { authorization: `Bearer ${u}` } }) },
  { name: 'session cookie', as: (u) => ({ path: '/whoami', headers: { cookie: `sid=${u}` } }) },
];

async function boot(adapter: (typeof adapters)[number], calls: Calls, options: CacheModuleOptions): Promise<TestApp> {
  const dynamic = identityApp(calls, { ttlMs: 10_000, http, ...options });
  @Module({ imports: [dynamic] })
  class Root {}
  return bootApp(Root, adapter);
}

describe.each(adapters)('HTTP cache and identity on $name', (adapter) => {
  describe.each(storeCases())('with the $name store', ({ options: store }) => {
    let app: TestApp;
    let calls: Calls;
    beforeEach(async () => {
      calls = new Calls();
      app = await boot(adapter, calls, { ...store, namespace: uniqueNamespace('identity') });
    });
    afterEach(async () => {
      await app.close();
    });

    it.each(styles)('never serves Bob what Alice got, by $name, and caches neither', async ({ as }) => {
      const send = (user: string) => app.request(as(user).path, { headers: as(user).headers });
      const alice = await send('alice');
      const bob = await send('bob');
      const aliceAgain = await send('alice');
      expect([alice.body.who, bob.body.who, aliceAgain.body.who]).toEqual(['alice', 'bob', 'alice']);
      expect([alice, bob, aliceAgain].map((r) => r.headers['x-cache'])).not.toContain('HIT');
      expect(calls.counts.whoami).toBe(3);
    });

    it('keeps one entry per Accept-Language when the route says Vary: Accept-Language', async () => {
      const ask = (lang: string) => app.request('/greeting', { headers: { 'accept-language': lang } });
      const fr = await ask('fr');
      const en = await ask('en');
      const frAgain = await ask('fr');
      const enAgain = await ask('en');
      expect([fr, en, frAgain, enAgain].map((r) => r.body.text)).toEqual(['Bonjour', 'Hello', 'Bonjour', 'Hello']);
      expect([fr, en, frAgain, enAgain].map((r) => r.headers['x-cache'])).toEqual(['MISS', 'MISS', 'HIT', 'HIT']);
      expect(calls.counts.greeting).toBe(2);
    });

    it('does not cache a Vary the handler sets itself until it keys by it, then caches per language', async () => {
      const ask = (lang: string) => app.request('/greeting-late', { headers: { 'accept-language': lang } });
      const answers = [];
      for (const lang of ['fr', 'en', 'fr', 'en', 'fr', 'en']) answers.push(await ask(lang));
      expect(answers.map((r) => r.body.text)).toEqual(['Bonjour', 'Hello', 'Bonjour', 'Hello', 'Bonjour', 'Hello']);
      expect(answers.slice(-2).map((r) => r.headers['x-cache'])).toEqual(['HIT', 'HIT']);
      expect(answers.at(-1)?.headers.vary).toMatch(/accept-language/i);
    });

    it('never caches a response with Vary: *', async () => {
      await app.request('/anything');
      const second = await app.request('/anything');
      expect(second.headers['x-cache']).toBeUndefined();
      expect(calls.counts.anything).toBe(2);
    });
  });
});

const redisUrl = serviceUrl('REDIS_URL');
const sharedRedis = redisUrl ? describe.each(adapters) : describe.skip.each(adapters);

sharedRedis('two instances sharing Redis on $name', (adapter) => {
  let a: TestApp;
  let b: TestApp;
  const calls = new Calls();
  beforeAll(async () => {
    const shared: CacheModuleOptions = {
      store: 'redis',
      url: redisUrl,
      opTimeoutMs: 2_000,
      namespace: uniqueNamespace('two'),
    };
    a = await boot(adapter, calls, shared);
    b = await boot(adapter, calls, shared);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("never gives Bob on instance B the body Alice's API key got on instance A", async () => {
    const alice = await a.request('/whoami', { headers: { 'x-api-key': 'alice' } });
    const bob = await b.request('/whoami', { headers: { 'x-api-key': 'bob' } });
    expect(alice.body.who).toBe('alice');
    expect(bob.body.who).toBe('bob');
    expect(bob.headers['x-cache']).not.toBe('HIT');
  });

  it('gives English on instance B after French was cached on instance A', async () => {
    const fr = await a.request('/greeting', { headers: { 'accept-language': 'fr' } });
    const en = await b.request('/greeting', { headers: { 'accept-language': 'en' } });
    const frOnB = await b.request('/greeting', { headers: { 'accept-language': 'fr' } });
    expect([fr.body.text, en.body.text, frOnB.body.text]).toEqual(['Bonjour', 'Hello', 'Bonjour']);
    expect(frOnB.headers['x-cache']).toBe('HIT');
  });
});
