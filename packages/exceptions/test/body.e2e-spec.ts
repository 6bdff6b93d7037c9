import { Body, Controller, Get, HttpException, Injectable, Module, Param, Post, Res } from '@nestjs/common';
import { BallastContextModule } from '@ballast/context';
import { bootApp, serviceUrl, type AdapterCase, type TestApp } from '@ballast/test-support';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  BallastExceptionsModule,
  fastifyFrameworkErrors,
  type ExceptionBodyBuilder,
  type ExceptionsModuleOptions,
} from '../src/index.js';
import { CaptureLogger } from './fixtures/capture-logger.js';
import { ErrorsController, SECRET } from './fixtures/errors.controller.js';

// The envelope of an app that had its own filter before ballast: existing clients read `success`, `error.code`,
// `error.message`, `meta.requestId`. Only the body is theirs; status, headers and everything else stay ballast's.
const envelope: ExceptionBodyBuilder = (error) => ({
  success: false,
  error: {
    code: error.code ?? 'ERROR',
    message: error.message,
    ...(error.details ? { fields: error.details } : {}),
  },
  meta: { requestId: error.requestId, method: error.method },
  timestamp: error.timestamp,
  path: error.path,
});

const TABLE = `exc_body_${randomBytes(4).toString('hex')}`;
const databaseUrl = serviceUrl('DATABASE_URL');
let pool: DataSource | undefined;

@Controller()
class EnvelopeController {
  @Get('retry-later')
  retryLater(@Res({ passthrough: true }) res: { header(name: string, value: string): unknown }) {
    // Express's response and Fastify's reply both have header(name, value).
    res.header('retry-after', '30');
    throw new HttpException({ message: 'Slow down', code: 'RATE_LIMITED' }, 429);
  }

  @Get('items/:id')
  item(@Param('id') id: string) {
    return { id };
  }

  @Post('accounts')
  async account(@Body() body: { email: string }) {
    if (!pool) throw new Error('DATABASE_URL is not set');
    await pool.query(`INSERT INTO "${TABLE}" (email) VALUES ($1)`, [body.email]); // TypeORM's QueryFailedError
    return { ok: true };
  }
}

function appWith(options: ExceptionsModuleOptions) {
  @Module({
    imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot(options)],
    controllers: [ErrorsController, EnvelopeController],
  })
  class AppModule {}
  return AppModule;
}

// Fastify's router answers malformed URLs before Nest runs; frameworkErrors gets the same options, body included.
function adaptersFor(options: ExceptionsModuleOptions): AdapterCase[] {
  return [
    { name: 'express', create: () => new ExpressAdapter() },
    { name: 'fastify', create: () => new FastifyAdapter({ frameworkErrors: fastifyFrameworkErrors(options) }) },
  ];
}

beforeAll(async () => {
  if (!databaseUrl) return;
  pool = await new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 2 }).initialize();
  await pool.query(`CREATE TABLE "${TABLE}" (id serial PRIMARY KEY, email text UNIQUE NOT NULL)`);
});

afterAll(async () => {
  await pool?.query(`DROP TABLE IF EXISTS "${TABLE}"`);
  await pool?.destroy();
});

const isoDate = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

const envelopeOptions: ExceptionsModuleOptions = { body: envelope };

describe.each(adaptersFor(envelopeOptions))('the body option on $name', (adapter) => {
  const options = envelopeOptions;
  let app: TestApp;
  const logger = new CaptureLogger();
  beforeAll(async () => {
    app = await bootApp(appWith(options), adapter, { logger });
  });
  afterAll(() => app.close());

  it('answers an HttpException with the envelope; status, content type and request id header stay', async () => {
    const res = await app.request('/not-found?token=abc', { headers: { 'x-request-id': 'req-env-1' } });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBe('req-env-1');
    expect(res.body).toEqual({
      success: false,
      error: { code: 'ERROR', message: 'No such order' },
      meta: { requestId: 'req-env-1', method: 'GET' },
      timestamp: isoDate,
      path: '/not-found',
    });
  });

  it('puts a generated request id where the envelope puts it, equal to the header and the log line', async () => {
    const res = await app.request('/not-found');
    expect(res.body.meta.requestId).toEqual(expect.any(String));
    expect(res.body.meta.requestId).toBe(res.headers['x-request-id']);
    const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.meta.requestId);
    expect(line).toMatchObject({ level: 'warn', entry: { statusCode: 404, path: '/not-found' } });
  });

  it('keeps the headers set before the throw (Retry-After) and the custom code', async () => {
    const res = await app.request('/retry-later');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body.error).toEqual({ code: 'RATE_LIMITED', message: 'Slow down' });
  });

  it('answers ValidationPipe errors with the envelope and the field details', async () => {
    const res = await app.request('/orders-factory', { method: 'POST', body: { email: 'nope' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      fields: expect.arrayContaining([{ field: 'email', messages: ['email must be an email'], pointer: '#/email' }]),
    });
  });

  it('answers an unexpected error as a 500 envelope without its internal message', async () => {
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      success: false,
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
      meta: { requestId: res.headers['x-request-id'] },
    });
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toMatch(/SELECT|socket hang up|at .*:\d+:\d+/);
    const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.meta.requestId)!;
    expect(line.level).toBe('error');
    expect(line.entry.err.message).toContain(SECRET); // the log still has it, the client does not
  });

  it('answers an unknown route (404) with the envelope', async () => {
    const res = await app.request('/no/such/route?secret=1');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, error: { message: 'Cannot GET /no/such/route' } });
    expect(res.text).not.toContain('secret=1');
  });

  it('answers malformed JSON (a framework error) with the envelope', async () => {
    const res = await app.request('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email": "${SECRET}`,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      success: false,
      error: { code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' },
      meta: { requestId: res.headers['x-request-id'] },
    });
    expect(res.text).not.toContain(SECRET);
  });

  it('answers malformed percent-encoding in the URL with the envelope (Fastify: through frameworkErrors)', async () => {
    const res = await app.request('/items/%E0%A4%A', { headers: { 'x-request-id': 'req-env-url' } });
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('req-env-url');
    expect(res.body).toMatchObject({
      success: false,
      error: { code: 'MALFORMED_URL' },
      meta: { requestId: 'req-env-url' },
    });
  });

  (databaseUrl ? it : it.skip)('answers a PostgreSQL unique violation with the envelope, no value echoed', async () => {
    const email = `${SECRET}-${adapter.name}@example.com`;
    expect((await app.request('/accounts', { method: 'POST', body: { email } })).status).toBe(201);
    const res = await app.request('/accounts', { method: 'POST', body: { email } });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'UNIQUE_VIOLATION',
      message: 'email already exists',
      fields: [{ field: 'email', messages: ['email already exists'] }],
    });
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain(TABLE);
  });
});

// Throws for one route, returns undefined for another, a promise for a third: each answer falls back.
const failingOptions: ExceptionsModuleOptions = {
  body: (error) => {
    if (error.path === '/not-found') throw new Error(`envelope bug ${SECRET}`);
    if (error.path === '/custom') return undefined;
    if (error.path === '/unavailable') return Promise.resolve({ late: true }) as never;
    return envelope(error, {});
  },
};

describe.each(adaptersFor(failingOptions))('a failing body option on $name', (adapter) => {
  const options = failingOptions;
  let app: TestApp;
  const logger = new CaptureLogger();
  beforeAll(async () => {
    app = await bootApp(appWith(options), adapter, { logger });
  });
  afterAll(() => app.close());

  const failures = () =>
    logger.entries.filter(
      (e) =>
        typeof (e.args[0] as { msg?: unknown })?.msg === 'string' && /BODY/.test((e.args[0] as { msg: string }).msg),
    );

  it('sends the default body when the function throws, logs it once at error, and never leaks its message', async () => {
    const before = failures().length;
    const res = await app.request('/not-found', { headers: { 'x-request-id': 'req-throws' } });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBe('req-throws');
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No such order',
      requestId: 'req-throws',
      timestamp: isoDate,
      path: '/not-found',
    });
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('envelope bug');
    const logged = failures().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.level).toBe('error');
    expect(logged[0]!.args[0]).toMatchObject({
      msg: expect.stringMatching(/^BALLAST_EXCEPTIONS_BODY_FAILED: /),
      requestId: 'req-throws',
      method: 'GET',
      path: '/not-found',
      err: { name: 'Error', message: `envelope bug ${SECRET}` },
    });
  });

  it('sends the default body when the function returns undefined or a promise, logging each once', async () => {
    const before = failures().length;
    const custom = await app.request('/custom');
    expect(custom.status).toBe(429);
    expect(custom.body).toMatchObject({
      statusCode: 429,
      code: 'QUOTA_EXCEEDED',
      requestId: custom.headers['x-request-id'],
    });
    const late = await app.request('/unavailable');
    expect(late.status).toBe(503);
    expect(late.body).toMatchObject({ statusCode: 503, message: 'Down for maintenance' });
    expect(late.body.late).toBeUndefined();
    expect(
      failures()
        .slice(before)
        .map((e) => [e.level, (e.args[0] as { msg: string }).msg.split(':')[0]]),
    ).toEqual([
      ['error', 'BALLAST_EXCEPTIONS_INVALID_BODY_RESULT'],
      ['error', 'BALLAST_EXCEPTIONS_INVALID_BODY_RESULT'],
    ]);
  });

  it('keeps answering with the envelope where the function works', async () => {
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ success: false, error: { code: 'INTERNAL_ERROR' } });
    expect(res.text).not.toContain(SECRET);
  });
});

describe.each(adaptersFor({}))('the body option with forRootAsync and problem+json on $name', (adapter) => {
  it('boots with forRootAsync (useFactory + inject) and keeps the problem+json content type', async () => {
    @Injectable()
    class Envelopes {
      readonly build: ExceptionBodyBuilder = (error, problem) => ({ ...problem, tenant: 'acme', id: error.requestId });
    }
    @Module({ providers: [Envelopes], exports: [Envelopes] })
    class EnvelopesModule {}
    @Module({
      imports: [
        BallastContextModule.forRoot({}),
        BallastExceptionsModule.forRootAsync({
          imports: [EnvelopesModule],
          inject: [Envelopes],
          useFactory: (envelopes: Envelopes) => ({ format: 'problem+json', body: envelopes.build }),
        }),
      ],
      controllers: [ErrorsController],
    })
    class AsyncAppModule {}
    const app = await bootApp(AsyncAppModule, adapter);
    try {
      const res = await app.request('/not-found', { headers: { 'x-request-id': 'req-async' } });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: 'about:blank',
        status: 404,
        detail: 'No such order',
        tenant: 'acme',
        id: 'req-async',
      });
    } finally {
      await app.close();
    }
  });

  it('refuses a body that is not a function, with forRoot and forRootAsync, naming the option and the fix', async () => {
    const message =
      /- body: must be a function \(error, defaultBody\) => object .* Pass a function, or remove the option/;
    await expect(bootApp(appWith({ body: { success: false } as never }), adapter)).rejects.toThrow(message);
    @Module({
      imports: [BallastExceptionsModule.forRootAsync({ useFactory: () => ({ body: 'envelope' as never }) })],
    })
    class BadAsyncModule {}
    await expect(bootApp(BadAsyncModule, adapter)).rejects.toThrow(message);
  });
});
