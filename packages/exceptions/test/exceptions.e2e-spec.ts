import { Injectable, Module, type ArgumentsHost } from '@nestjs/common';
import { BallastContextModule } from '@ballast/context';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import { lastValueFrom, type Observable } from 'rxjs';
import {
  BallastExceptionFilter,
  BallastExceptionsModule,
  ExceptionBodyFactory,
  type ExceptionsModuleOptions,
} from '../src/index.js';
import { CaptureLogger } from './fixtures/capture-logger.js';
import { ErrorsController, SECRET } from './fixtures/errors.controller.js';

function appWith(options: ExceptionsModuleOptions = {}) {
  @Module({
    imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot(options)],
    controllers: [ErrorsController],
  })
  class AppModule {}
  return AppModule;
}

describe.each(adapters)('BallastExceptionsModule on $name', (adapter) => {
  describe('default format', () => {
    let app: TestApp;
    const logger = new CaptureLogger();
    beforeAll(async () => {
      app = await bootApp(appWith(), adapter, { logger });
    });
    afterAll(() => app.close());

    it('answers an HttpException with the default body, the request id of the response header and no query', async () => {
      const res = await app.request('/not-found?token=abc', { headers: { 'x-request-id': 'req-42' } });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'No such order',
        requestId: 'req-42',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        path: '/not-found',
      });
      expect(res.headers['x-request-id']).toBe('req-42');
    });

    it('generates a request id when none comes in, the same in the header, the body and the log', async () => {
      const res = await app.request('/not-found');
      expect(res.body.requestId).toEqual(expect.any(String));
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
      const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.requestId);
      expect(line).toMatchObject({ level: 'warn', entry: { method: 'GET', path: '/not-found', statusCode: 404 } });
    });

    it('keeps a plain custom response (code and extra members)', async () => {
      const res = await app.request('/custom');
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Quota exceeded',
        code: 'QUOTA_EXCEEDED',
        limit: 5,
      });
    });

    it('drops a custom response that is not plain data', async () => {
      const res = await app.request('/non-plain');
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('Bad Request');
      expect(res.text).not.toContain(SECRET);
    });

    it('answers an unexpected error with a generic 500 and logs it at error with stack and cause chain', async () => {
      const res = await app.request('/boom');
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal server error',
        code: 'INTERNAL_ERROR',
      });
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toMatch(/SELECT|at .*:\d+:\d+/);
      const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.requestId)!;
      expect(line.level).toBe('error');
      expect(line.entry).toMatchObject({
        method: 'GET',
        path: '/boom',
        statusCode: 500,
        err: { message: expect.stringContaining(SECRET), cause: { message: 'socket hang up' } },
      });
      expect(line.stack).toMatch(/Error: SELECT[\s\S]*Caused by: Error: socket hang up/);
    });

    it('logs a 5xx HttpException at error too, with its cause (nest#11579, nest#13550)', async () => {
      const res = await app.request('/unavailable');
      expect(res.status).toBe(503);
      expect(res.body.message).toBe('Down for maintenance');
      const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.requestId)!;
      expect(line.level).toBe('error');
      expect(line.stack).toMatch(/Caused by: Error: redis: /);
    });

    it('does not echo the status and message of foreign errors (nest#17695)', async () => {
      const upstream = await app.request('/foreign');
      expect(upstream.status).toBe(500);
      expect(upstream.text).not.toContain(SECRET);
      const httpErrors = await app.request('/http-errors');
      expect(httpErrors.status).toBe(404);
      expect(httpErrors.body.message).toBe('Not Found');
      expect(httpErrors.text).not.toContain(SECRET);
    });

    it('maps TypeORM EntityNotFoundError to 404 without the criteria', async () => {
      const res = await app.request('/entity-not-found');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: 'Resource not found' });
      expect(res.text).not.toContain(SECRET);
    });

    it.each([
      ['P2002', 409, 'UNIQUE_VIOLATION', 'email already exists'],
      ['P2025', 404, 'NOT_FOUND', 'Resource not found'],
      ['P2003', 409, 'FOREIGN_KEY_VIOLATION', 'A referenced resource does not exist'],
    ])('maps a Prisma %s error by shape to %i', async (code, status, bodyCode, message) => {
      const res = await app.request(`/prisma/${code}`);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code: bodyCode, message });
      expect(res.text).not.toContain(SECRET);
    });

    it('keeps the message of a BadRequestException the app threw', async () => {
      const res = await app.request('/bad-request-string');
      expect(res.body).toMatchObject({ statusCode: 400, message: 'Coupon expired' });
      expect(res.body.details).toBeUndefined();
    });

    const invalidOrder = { email: 'nope', address: { city: 5, street: 'ab' }, items: [{ sku: 'a', quantity: 0 }] };

    const orderDetails = [
      { field: 'email', messages: ['email must be an email'] },
      { field: 'address.city', messages: ['city must be a string'] },
      { field: 'address.street', messages: [expect.stringContaining('street must be longer')] },
      { field: 'items[0].quantity', messages: ['quantity must not be less than 1'] },
    ];

    it('parses the default ValidationPipe messages into field details, nested DTOs included', async () => {
      const res = await app.request('/orders', { method: 'POST', body: invalidOrder });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: 'Validation failed', code: 'VALIDATION_FAILED' });
      expect(res.body.details).toEqual(orderDetails);
    });

    it('keeps the exact field structure with validationExceptionFactory', async () => {
      const res = await app.request('/orders-factory', { method: 'POST', body: invalidOrder });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(orderDetails);
    });

    it('normalises malformed JSON to a fixed 400 that does not quote the input', async () => {
      const res = await app.request('/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"email": "${SECRET}`,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        code: 'MALFORMED_JSON',
        message: 'Request body is not valid JSON',
      });
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
      expect(res.text).not.toContain(SECRET);
    });

    it('normalises a body that is too large to 413', async () => {
      const big = JSON.stringify({ email: 'a'.repeat(2 * 1024 * 1024) });
      const res = await app.request('/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' });
    });

    it('normalises an unsupported media type or charset to 415', async () => {
      // Express's JSON parser refuses a non-UTF charset; Fastify refuses a content type it has no parser for.
      const contentType = adapter.name === 'express' ? 'application/json; charset=latin1' : 'application/xml';
      const res = await app.request('/orders', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: `<a>${SECRET}</a>`,
      });
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({
        statusCode: 415,
        error: 'Unsupported Media Type',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Unsupported media type',
      });
      expect(res.text).not.toContain(SECRET);
    });

    it('ends a response whose headers were already sent instead of writing a second body', async () => {
      const res = await app.request('/headers-sent');
      expect(res.status).toBe(200);
      expect(res.text).toBe('partial');
      const res2 = await app.request('/ok');
      expect(res2.status).toBe(200);
    });
  });

  describe('problem+json format', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await bootApp(
        appWith({ format: 'problem+json', problemTypeBaseUrl: 'https://errors.example.com/' }),
        adapter,
      );
    });
    afterAll(() => app.close());

    it('answers RFC 9457 problem details', async () => {
      const res = await app.request('/not-found', { headers: { 'x-request-id': 'req-problem' } });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'No such order',
        instance: '/not-found',
        requestId: 'req-problem',
        timestamp: expect.any(String),
      });
    });

    it('puts field problems under errors and derives type from the code', async () => {
      const res = await app.request('/orders-factory', { method: 'POST', body: { email: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        type: 'https://errors.example.com/validation-failed',
        title: 'Bad Request',
        status: 400,
        detail: 'Validation failed',
        code: 'VALIDATION_FAILED',
        errors: expect.arrayContaining([
          {
            pointer: '#/email',
            detail: 'email must be an email',
            field: 'email',
            messages: ['email must be an email'],
          },
        ]),
      });
    });
  });

  describe('options', () => {
    it('exposes the internal message only when asked (exposeInternalErrors)', async () => {
      const app = await bootApp(appWith({ exposeInternalErrors: true }), adapter);
      try {
        const res = await app.request('/boom');
        expect(res.status).toBe(500);
        expect(res.body.message).toContain('SELECT * FROM users');
        expect(res.text).not.toMatch(/at .*:\d+:\d+/);
      } finally {
        await app.close();
      }
    });

    it('runs user mappers first', async () => {
      const app = await bootApp(
        appWith({
          mappers: [
            {
              name: 'teapot',
              map: (e) =>
                e instanceof Error && e.message.startsWith('SELECT')
                  ? { status: 418, message: 'Short and stout', code: 'TEAPOT' }
                  : undefined,
            },
          ],
        }),
        adapter,
      );
      try {
        const res = await app.request('/boom');
        expect(res.status).toBe(418);
        expect(res.body).toMatchObject({ error: "I'm a Teapot", message: 'Short and stout', code: 'TEAPOT' });
        expect((await app.request('/not-found')).status).toBe(404);
      } finally {
        await app.close();
      }
    });

    it('logs 4xx at the configured level, or not at all', async () => {
      const logger = new CaptureLogger();
      const app = await bootApp(appWith({ logging: { clientErrors: 'debug', serverErrors: 'off' } }), adapter, {
        logger,
      });
      try {
        await app.request('/not-found');
        await app.request('/boom');
        const lines = logger.filterEntries();
        expect(lines.map((l) => [l.level, l.entry.statusCode])).toEqual([['debug', 404]]);
      } finally {
        await app.close();
      }
    });

    it('boots with forRootAsync (useFactory + inject)', async () => {
      @Module({ providers: [{ provide: 'FORMAT', useValue: 'problem+json' }], exports: ['FORMAT'] })
      class FormatModule {}
      @Module({
        imports: [
          BallastExceptionsModule.forRootAsync({
            imports: [FormatModule],
            inject: ['FORMAT'],
            useFactory: (format: 'problem+json') => ({ format }),
          }),
        ],
        controllers: [ErrorsController],
      })
      class AsyncAppModule {}
      const app = await bootApp(AsyncAppModule, adapter);
      try {
        const res = await app.request('/not-found');
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(app.nest.get(ExceptionBodyFactory).options.format).toBe('problem+json');
      } finally {
        await app.close();
      }
    });

    it('boots with forRootAsync (useClass)', async () => {
      @Injectable()
      class ExceptionsConfig {
        createExceptionsOptions(): ExceptionsModuleOptions {
          return { exposeInternalErrors: true };
        }
      }
      @Module({
        imports: [BallastExceptionsModule.forRootAsync({ useClass: ExceptionsConfig })],
        controllers: [ErrorsController],
      })
      class ClassAppModule {}
      const app = await bootApp(ClassAppModule, adapter);
      try {
        expect((await app.request('/boom')).body.message).toContain('SELECT');
      } finally {
        await app.close();
      }
    });

    it('boots with forRoot() and no argument', async () => {
      @Module({ imports: [BallastExceptionsModule.forRoot()], controllers: [ErrorsController] })
      class BareAppModule {}
      const app = await bootApp(BareAppModule, adapter);
      try {
        const res = await app.request('/not-found');
        expect(res.body).toMatchObject({ statusCode: 404, requestId: res.headers['x-request-id'] });
      } finally {
        await app.close();
      }
    });

    it('refuses invalid options with a message naming the option', async () => {
      await expect(bootApp(appWith({ format: 'xml' as never }), adapter)).rejects.toThrow(
        /format: must be one of 'default', 'problem\+json', got "xml"/,
      );
    });
  });
});

describe('non-HTTP contexts', () => {
  async function filter() {
    @Module({ imports: [BallastExceptionsModule.forRoot({ logging: false })] })
    class M {}
    const { NestFactory } = await import('@nestjs/core');
    const ctx = await NestFactory.createApplicationContext(M, { logger: false });
    return { ctx, filter: ctx.get(BallastExceptionFilter) };
  }
  const host = (type: string, client?: object) =>
    ({
      getType: () => type,
      switchToWs: () => ({ getClient: () => client }),
      switchToHttp: () => {
        throw new Error('not http');
      },
    }) as unknown as ArgumentsHost;

  it('hands RPC errors back as Nest BaseRpcExceptionFilter does: no HTTP body, no crash', async () => {
    const { ctx, filter: f } = await filter();
    try {
      const generic = f.catch(new Error(SECRET), host('rpc')) as Observable<never>;
      await expect(lastValueFrom(generic)).rejects.toEqual({ status: 'error', message: 'Internal server error' });
      const rpcLike = Object.assign(new Error('x'), { getError: () => ({ code: 'OUT_OF_STOCK' }) });
      await expect(lastValueFrom(f.catch(rpcLike, host('rpc')) as Observable<never>)).rejects.toEqual({
        code: 'OUT_OF_STOCK',
      });
    } finally {
      await ctx.close();
    }
  });

  it('emits "exception" on a WebSocket client, like BaseWsExceptionFilter', async () => {
    const { ctx, filter: f } = await filter();
    try {
      const emitted: unknown[] = [];
      f.catch(new Error(SECRET), host('ws', { emit: (...args: unknown[]) => emitted.push(args) }));
      expect(emitted).toEqual([['exception', { status: 'error', message: 'Internal server error' }]]);
    } finally {
      await ctx.close();
    }
  });
});
