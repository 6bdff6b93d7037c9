import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { type AbstractHttpAdapter, HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { adapters, bootApp, httpRequest, sleep, type TestApp } from '@ballast/test-support';
import { Agent, request as nodeRequest } from 'node:http';
import {
  BallastContextModule,
  type ContextModuleOptions,
  RequestContext,
  RequestContextService,
} from '../src/index.js';
import { abortedIds, contextApp, finishedIds, slowStarted } from './fixtures/context-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Every behaviour of this suite, also with Express's requests built by the server (option fastExpressRequests).
const httpCases = [
  ...adapters.map((adapter) => ({ label: adapter.name, adapter, options: {} })),
  { label: 'express with fastExpressRequests', adapter: adapters[0]!, options: { fastExpressRequests: true } },
];

describe.each(httpCases)('HTTP request context on $label', ({ label, adapter, options }) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootApp(contextApp(options), adapter);
  });
  afterAll(async () => {
    await app.close();
  });

  it('reuses a well-formed incoming x-request-id and echoes it', async () => {
    const res = await app.request('/id', { headers: { 'x-request-id': 'client-42.a:b_c' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('client-42.a:b_c');
    expect(res.body.handler).toBe('client-42.a:b_c');
  });

  it('shows the same id to middleware, guard, interceptor, pipe, controller, service, and after awaits', async () => {
    const res = await app.request('/id', { headers: { 'x-request-id': 'every-layer' } });
    expect(res.body).toEqual({
      handler: 'every-layer',
      service: 'every-layer',
      pipe: 'every-layer',
      afterAwait: 'every-layer',
      interceptorAfter: 'every-layer',
      fields: { middleware: 'every-layer', guard: 'every-layer', interceptorBefore: 'every-layer' },
    });
  });

  it('generates a UUID when there is no header, and echoes it', async () => {
    const res = await app.request('/id');
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.body.service).toBe(res.headers['x-request-id']);
  });

  it('gives every request its own id under concurrency (200 at once, random delays)', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `concurrent-${i}-${Math.random().toString(36).slice(2)}`);
    const responses = await Promise.all(ids.map((id) => app.request('/id', { headers: { 'x-request-id': id } })));
    responses.forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toBe(ids[i]);
      expect([res.body.handler, res.body.service, res.body.afterAwait, res.body.fields.guard]).toEqual(
        Array(4).fill(ids[i]),
      );
    });
  });

  it('never leaks an id between requests on a reused keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          keepAliveGet(agent, `${app.url}/id`, i % 2 === 0 ? { 'x-request-id': `ka-${i}` } : {}),
        ),
      );
      const seen = new Set<string>();
      results.forEach(({ header, body }, i) => {
        if (i % 2 === 0) expect(header).toBe(`ka-${i}`);
        else expect(header).toMatch(UUID);
        expect(body.service).toBe(header);
        seen.add(header);
      });
      expect(seen.size).toBe(100);
    } finally {
      agent.destroy();
    }
  });

  it('gives the exception filter the request id, and echoes it on the error response', async () => {
    const res = await app.request('/fail', { headers: { 'x-request-id': 'failing-1' } });
    expect(res.status).toBe(500);
    expect(res.headers['x-request-id']).toBe('failing-1');
    expect(res.body.filterRequestId).toBe('failing-1');
  });

  it('covers 404s of unknown routes (filter and header)', async () => {
    const withId = await app.request('/no/such/route', { headers: { 'x-request-id': 'lost-1' } });
    expect(withId.status).toBe(404);
    expect(withId.headers['x-request-id']).toBe('lost-1');
    expect(withId.body.filterRequestId).toBe('lost-1');
    const generated = await app.request('/no/such/route');
    expect(generated.headers['x-request-id']).toMatch(UUID);
    expect(generated.body.filterRequestId).toBe(generated.headers['x-request-id']);
  });

  it('covers malformed JSON bodies (rejected before any route code)', async () => {
    const res = await app.request('/body', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad-json-1' },
      body: '{"broken":',
    });
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('bad-json-1');
    expect(res.body.filterRequestId).toBe('bad-json-1');
  });

  it('covers bodies over the size limit (413 from the body parser)', async () => {
    const res = await app.request('/body', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'too-big-1' },
      body: JSON.stringify({ big: 'x'.repeat(1_100_000) }), // over Express's 100 kB and Fastify's 1 MiB
    });
    expect(res.status).toBe(413);
    expect(res.headers['x-request-id']).toBe('too-big-1');
    expect(res.body.filterRequestId).toBe('too-big-1');
  });

  it('keeps the context through body parsing', async () => {
    const res = await app.request('/body', {
      method: 'POST',
      headers: { 'x-request-id': 'body-1' },
      body: { big: 'x'.repeat(90_000) },
    });
    expect(res.status).toBe(201);
    expect(res.body.requestId).toBe('body-1');
  });

  it('keeps the context when the body arrives after the headers (slow client)', async () => {
    const res = await slowPost(`${app.url}/body`, 'slow-body-1', '{"late":', '"yes"}');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ body: { late: 'yes' }, requestId: 'slow-body-1' });
    const bad = await slowPost(`${app.url}/body`, 'slow-bad-1', '{"late":', '}');
    expect(bad.status).toBe(400);
    expect(bad.body.filterRequestId).toBe('slow-bad-1');
  });

  it("lets response 'finish' listeners (request logging) read the context", async () => {
    finishedIds.length = 0;
    await Promise.all(['fin-1', 'fin-2', 'fin-3'].map((id) => app.request('/id', { headers: { 'x-request-id': id } })));
    await waitFor(() => finishedIds.length >= 3);
    for (const { header, seen } of finishedIds) expect(seen).toBe(header);
  });

  it("lets 'close' listeners of aborted requests read the context with RequestContext.of(req)", async () => {
    abortedIds.length = 0;
    const ids = [1, 2].map((n) => `gone-${label.replaceAll(' ', '-')}-${n}`);
    await Promise.all(ids.map((id) => abortedGet(`${app.url}/slow`, id)));
    await waitFor(() => abortedIds.length >= 2);
    expect(abortedIds.map(({ ofRequest }) => ofRequest).sort()).toEqual(ids);
  });

  it('keeps the context for a POST to an unknown route (body parsed, then the 404)', async () => {
    const res = await app.request('/no/such/route', {
      method: 'POST',
      headers: { 'x-request-id': 'post-404-1' },
      body: { some: 'x'.repeat(20_000) },
    });
    expect(res.status).toBe(404);
    expect(res.body.filterRequestId).toBe('post-404-1');
  });

  it('puts the id on the request object for the adapter (req.id, request.id)', async () => {
    const res = await app.request('/req-id', { headers: { 'x-request-id': 'req-object-1' } });
    expect(res.body).toEqual({ id: 'req-object-1', rawId: 'req-object-1' });
  });
});

describe.each(adapters)('request context options on $name', (adapter) => {
  async function withApp(options: ContextModuleOptions, fn: (app: TestApp) => Promise<void>): Promise<void> {
    const app = await bootApp(contextApp(options), adapter);
    try {
      await fn(app);
    } finally {
      await app.close();
    }
  }

  it("bindStreamEvents: true runs 'close' listeners of aborted requests inside the context", () =>
    withApp({ bindStreamEvents: true }, async (app) => {
      abortedIds.length = 0;
      const ids = [`bound-${adapter.name}-1`, `bound-${adapter.name}-2`];
      await Promise.all(ids.map((id) => abortedGet(`${app.url}/slow`, id)));
      await waitFor(() => abortedIds.length >= 2);
      expect(abortedIds.map(({ seen }) => seen).sort()).toEqual(ids);
    }));

  it('trustIncomingId: false ignores even a well-formed incoming id', () =>
    withApp({ trustIncomingId: false }, async (app) => {
      const res = await app.request('/id', { headers: { 'x-request-id': 'from-client' } });
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.service).toBe(res.headers['x-request-id']);
    }));

  it('header + generateId: reads and echoes another header with custom ids', () =>
    withApp(
      { header: 'X-Correlation-Id', generateId: () => `gen-${Math.random().toString(36).slice(2)}` },
      async (app) => {
        const incoming = await app.request('/id', {
          headers: { 'x-correlation-id': 'corr-1', 'x-request-id': 'ignored' },
        });
        expect(incoming.headers['x-correlation-id']).toBe('corr-1');
        expect(incoming.headers['x-request-id']).toBeUndefined();
        expect(incoming.body.service).toBe('corr-1');
        const generated = await app.request('/id');
        expect(generated.headers['x-correlation-id']).toMatch(/^gen-/);
        expect(generated.body.service).toBe(generated.headers['x-correlation-id']);
      },
    ));

  it('a generateId that returns an unsafe value is replaced by a UUID', () =>
    withApp({ generateId: () => 'bad\r\nset-cookie: x=1' }, async (app) => {
      const res = await app.request('/id');
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.headers['set-cookie']).toBeUndefined();
    }));

  it('a generateId that throws is replaced by a UUID; the request succeeds', () =>
    withApp(
      {
        generateId: () => {
          throw new Error('generator down');
        },
      },
      async (app) => {
        const res = await app.request('/id');
        expect(res.status).toBe(200);
        expect(res.headers['x-request-id']).toMatch(UUID);
      },
    ));

  it('echoHeader: false keeps the context but sends no header', () =>
    withApp({ echoHeader: false }, async (app) => {
      const res = await app.request('/id', { headers: { 'x-request-id': 'quiet-1' } });
      expect(res.headers['x-request-id']).toBeUndefined();
      expect(res.body.service).toBe('quiet-1');
    }));

  it('fields(request) seeds the context fields of each request', () =>
    withApp({ fields: (req) => ({ tenant: req.headers['x-tenant'] }) }, async (app) => {
      const res = await app.request('/id', { headers: { 'x-tenant': 'acme' } });
      expect(res.body.fields).toMatchObject({ tenant: 'acme', guard: res.headers['x-request-id'] });
    }));

  it('a throwing fields(request) fails that request through the filter, id included', () =>
    withApp(
      {
        fields: () => {
          throw new Error('fields broke');
        },
      },
      async (app) => {
        const res = await app.request('/id', { headers: { 'x-request-id': 'fields-throw' } });
        expect(res.status).toBe(500);
        expect(res.headers['x-request-id']).toBe('fields-throw');
      },
    ));
});

describe.each(adapters)('BallastContextModule wiring on $name', (adapter) => {
  it('forRoot: boots and injects RequestContextService with the resolved options', async () => {
    const app = await bootApp(contextApp({ header: 'X-Trace' }), adapter);
    try {
      expect(app.nest.get(RequestContextService).options.header).toBe('x-trace');
    } finally {
      await app.close();
    }
  });

  it('forRoot() with no argument: defaults, and global (a feature module reads the context without importing it)', async () => {
    const app = await bootApp(contextApp({}, BallastContextModule.forRoot()), adapter);
    try {
      const res = await app.request('/id', { headers: { 'x-request-id': 'no-arg' } });
      expect(res.body.service).toBe('no-arg');
      expect(app.nest.get(RequestContextService, { strict: false }).options).toMatchObject({
        header: 'x-request-id',
        trustIncomingId: true,
        echoHeader: true,
      });
    } finally {
      await app.close();
    }
  });

  it('forRootAsync (useFactory + inject)', async () => {
    @Injectable()
    class Settings {
      header = 'x-from-factory';
    }
    @Module({ providers: [Settings], exports: [Settings] })
    class SettingsModule {}
    const module = BallastContextModule.forRootAsync({
      imports: [SettingsModule],
      inject: [Settings],
      useFactory: async (settings: Settings) => ({ header: settings.header }),
    });
    const app = await bootApp(contextApp({}, module), adapter);
    try {
      const res = await app.request('/id', { headers: { 'x-from-factory': 'factory-1' } });
      expect(res.headers['x-from-factory']).toBe('factory-1');
      expect(res.body.service).toBe('factory-1');
    } finally {
      await app.close();
    }
  });

  it('forRootAsync (useClass)', async () => {
    @Injectable()
    class ContextOptionsFactory {
      createContextOptions(): ContextModuleOptions {
        return { trustIncomingId: false };
      }
    }
    const app = await bootApp(
      contextApp({}, BallastContextModule.forRootAsync({ useClass: ContextOptionsFactory })),
      adapter,
    );
    try {
      const res = await app.request('/id', { headers: { 'x-request-id': 'not-trusted' } });
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(app.nest.get(RequestContextService).options.trustIncomingId).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with one message naming every option and its fix', async () => {
    const bad = { header: 'bad header', echoHeader: 'yes', enabled: true } as unknown as ContextModuleOptions;
    await expect(bootApp(contextApp(bad), adapter)).rejects.toThrow(
      /Invalid BallastContextModule options:\n- enabled: unknown option.*\n- header: must be a valid HTTP header name.*\n- echoHeader: must be a boolean/,
    );
  });

  it("keeps another request hook working, set before or after ours (Nest's adapters have one slot)", async () => {
    const seen: Array<[string, string | undefined]> = [];
    const record =
      (who: string) =>
      (_request: unknown, _reply: unknown, done: () => void): void => {
        seen.push([who, RequestContext.requestId()]);
        done();
      };
    @Injectable()
    class LateHook implements OnModuleInit {
      constructor(private readonly host: HttpAdapterHost) {}
      onModuleInit(): void {
        // Runs after BallastContextModule installed its hook (during init): replaces the "before" hook.
        if (process.env.LATE_HOOK === '1') this.host.httpAdapter.setOnRequestHook(record('after'));
      }
    }
    @Module({ imports: [contextApp()], providers: [LateHook] })
    class WithHooks {}

    const before = await bootApp(WithHooks, adapter, {
      configure: (nest) => (nest.getHttpAdapter() as AbstractHttpAdapter).setOnRequestHook(record('before')),
    });
    try {
      const res = await before.request('/id', { headers: { 'x-request-id': 'hook-before' } });
      expect(res.body.service).toBe('hook-before');
    } finally {
      await before.close();
    }
    process.env.LATE_HOOK = '1';
    try {
      const after = await bootApp(WithHooks, adapter);
      try {
        const res = await after.request('/id', { headers: { 'x-request-id': 'hook-after' } });
        expect(res.body.service).toBe('hook-after');
      } finally {
        await after.close();
      }
    } finally {
      delete process.env.LATE_HOOK;
    }
    expect(seen).toEqual([
      ['before', 'hook-before'],
      ['after', 'hook-after'],
    ]);
  });

  it('works in a Test.createTestingModule() app too', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [contextApp()] }).compile();
    const nest = moduleRef.createNestApplication(adapter.create(), { logger: false });
    await nest.listen(0, '127.0.0.1');
    try {
      const url = (await nest.getUrl()).replace('[::1]', '127.0.0.1');
      const res = await httpRequest(`${url}/id`, { headers: { 'x-request-id': 'testing-module' } });
      expect(res.headers['x-request-id']).toBe('testing-module');
      expect(res.body.service).toBe('testing-module');
    } finally {
      await nest.close();
    }
  });

  it('an app without the module has no context and sends no header', async () => {
    @Module({})
    class Empty {}
    const app = await bootApp(Empty, adapter);
    try {
      const res = await app.request('/nothing');
      expect(res.headers['x-request-id']).toBeUndefined();
      expect(RequestContext.current()).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

/** Sends the headers and the first part of a JSON body, then the rest 150 ms later, from another tick. */
function slowPost(url: string, requestId: string, first: string, rest: string) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = nodeRequest(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(first + rest),
          'x-request-id': requestId,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.flushHeaders();
    req.write(first);
    setTimeout(() => req.end(rest), 150);
  });
}

/** Starts a request and destroys the socket once the route is handling it, before the response. */
async function abortedGet(url: string, requestId: string): Promise<void> {
  const req = nodeRequest(url, { agent: false, headers: { 'x-request-id': requestId } });
  req.on('error', () => undefined);
  req.end();
  await waitFor(() => slowStarted.has(requestId));
  req.destroy();
}

function keepAliveGet(agent: Agent, url: string, headers: Record<string, string>) {
  return new Promise<{ header: string; body: any }>((resolve, reject) => {
    const req = nodeRequest(url, { agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ header: String(res.headers['x-request-id']), body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
