import { Logger, NotFoundException } from '@nestjs/common';
import { resolveExceptionsOptions } from './exceptions.options.resolve.js';
import { ExceptionBodyFactory } from './exception-body.factory.js';
import type { ExceptionMapper } from './mappers/mapper.types.js';

const at = new Date('2026-01-01T00:00:00.000Z');
const info = { requestId: 'r-1', path: '/x' };

describe('ExceptionBodyFactory', () => {
  it('passes the retryAfterSeconds option to mappers, and refuses a fractional retryAfter', () => {
    const seen: unknown[] = [];
    const spy: ExceptionMapper = { name: 'spy', map: (_e, context) => void seen.push(context.retryAfterSeconds) };
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01', severity: 'ERROR' });
    const bodies = new ExceptionBodyFactory(resolveExceptionsOptions({ mappers: [spy], retryAfterSeconds: 30 }));
    expect(bodies.map(deadlock)).toMatchObject({ status: 503, code: 'DATABASE_RETRYABLE', retryAfter: 30 });
    expect(seen).toEqual([30]);
    const odd: ExceptionMapper = { name: 'odd', map: () => ({ status: 503, message: 'x', retryAfter: 1.5 }) };
    const logged: unknown[] = [];
    Logger.overrideLogger({ log() {}, warn() {}, error: (message: unknown) => void logged.push(message) });
    try {
      expect(new ExceptionBodyFactory(resolveExceptionsOptions({ mappers: [odd] })).map(deadlock)).toMatchObject({
        status: 500,
      });
      expect(String(logged[0])).toMatch(/BALLAST_EXCEPTIONS_INVALID_MAPPER_RESULT.*retryAfter must be a whole number/);
    } finally {
      Logger.overrideLogger(false);
    }
  });

  it('answers thrown non-errors (strings, null, objects) with a generic 500', () => {
    const bodies = new ExceptionBodyFactory(resolveExceptionsOptions({ exposeInternalErrors: true }));
    for (const thrown of ['a string', null, undefined, 42, { message: 'secret' }]) {
      expect(bodies.map(thrown)).toEqual({
        status: 500,
        code: 'INTERNAL_ERROR',
        message: 'Internal server error',
        internal: true,
      });
    }
  });

  afterEach(() => Logger.overrideLogger(false));

  it('skips a mapper that throws, and answers 500 for one that returns an invalid result, logging each code', () => {
    const logged: unknown[] = [];
    Logger.overrideLogger({ log() {}, warn() {}, error: (message: unknown) => void logged.push(message) });
    const throwing: ExceptionMapper = {
      name: 'throwing',
      map: () => {
        throw new Error('bug');
      },
    };
    const invalid: ExceptionMapper = { name: 'invalid', map: () => ({ status: 200, message: 'ok' }) };
    expect(
      new ExceptionBodyFactory(resolveExceptionsOptions({ mappers: [throwing] })).map(new NotFoundException()),
    ).toMatchObject({ status: 404 });
    expect(
      new ExceptionBodyFactory(resolveExceptionsOptions({ mappers: [invalid] })).map(new NotFoundException()),
    ).toMatchObject({ status: 500 });
    expect(logged).toEqual([
      expect.stringMatching(/^BALLAST_EXCEPTIONS_MAPPER_FAILED: Exception mapper "throwing" threw/),
      expect.stringMatching(
        /^BALLAST_EXCEPTIONS_INVALID_MAPPER_RESULT: Exception mapper "invalid" returned an invalid/,
      ),
    ]);
  });

  it('renders the default body; extensions never override standard members', () => {
    const bodies = new ExceptionBodyFactory(resolveExceptionsOptions({}));
    const rendered = bodies.render(
      { status: 409, message: 'm', code: 'C', extensions: { requestId: 'forged', path: '/forged', limit: 1 } },
      info,
      at,
    );
    expect(rendered).toEqual({
      status: 409,
      contentType: 'application/json; charset=utf-8',
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: 'm',
        code: 'C',
        limit: 1,
        requestId: 'r-1',
        timestamp: at.toISOString(),
        path: '/x',
      },
    });
  });

  it('renders RFC 9457 problem details', () => {
    const bodies = new ExceptionBodyFactory(resolveExceptionsOptions({ format: 'problem+json' }));
    expect(
      bodies.render(
        {
          status: 400,
          message: 'Validation failed',
          code: 'VALIDATION_FAILED',
          details: [
            { field: 'a', messages: ['bad'], pointer: '#/a' },
            { field: 'email, name', messages: ['taken'] },
          ],
        },
        info,
        at,
      ),
    ).toEqual({
      status: 400,
      contentType: 'application/problem+json; charset=utf-8',
      body: {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Validation failed',
        instance: '/x',
        code: 'VALIDATION_FAILED',
        errors: [
          { pointer: '#/a', detail: 'bad', field: 'a', messages: ['bad'] },
          { detail: 'taken', field: 'email, name', messages: ['taken'] },
        ],
        requestId: 'r-1',
        timestamp: at.toISOString(),
      },
    });
  });

  describe('with the body option', () => {
    const conflict = {
      status: 409,
      message: 'email already exists',
      code: 'UNIQUE_VIOLATION',
      details: [{ field: 'email', messages: ['email already exists'] }],
      extensions: { limit: 1, requestId: 'forged' },
    };
    const where = { requestId: 'r-1', path: '/users', method: 'POST' };
    let logged: Array<{ entry: unknown; stack: unknown }>;
    beforeEach(() => {
      logged = [];
      Logger.overrideLogger({
        log() {},
        warn() {},
        error: (entry: unknown, stack?: unknown) => void logged.push({ entry, stack }),
      });
    });

    it('gives the builder the sanitised answer and the format body, and keeps status and content type', () => {
      const seen: unknown[] = [];
      const bodies = new ExceptionBodyFactory(
        resolveExceptionsOptions({
          body: (error, defaultBody) => {
            seen.push(error, defaultBody);
            return { success: false, error: { code: error.code, message: error.message } };
          },
        }),
      );
      expect(bodies.render(conflict, where, at)).toEqual({
        status: 409,
        contentType: 'application/json; charset=utf-8',
        body: { success: false, error: { code: 'UNIQUE_VIOLATION', message: 'email already exists' } },
      });
      expect(seen[0]).toEqual({
        status: 409,
        error: 'Conflict',
        message: 'email already exists',
        code: 'UNIQUE_VIOLATION',
        details: [{ field: 'email', messages: ['email already exists'] }],
        extensions: { limit: 1 },
        requestId: 'r-1',
        method: 'POST',
        path: '/users',
        timestamp: at.toISOString(),
        internal: false,
      });
      expect(seen[1]).toMatchObject({ statusCode: 409, code: 'UNIQUE_VIOLATION', requestId: 'r-1', path: '/users' });
      expect(logged).toEqual([]);
    });

    it('keeps the problem+json content type and passes the problem document as the default body', () => {
      const bodies = new ExceptionBodyFactory(
        resolveExceptionsOptions({ format: 'problem+json', body: (_e, problem) => ({ ...problem, tenant: 't-1' }) }),
      );
      const rendered = bodies.render(conflict, where, at);
      expect(rendered.contentType).toBe('application/problem+json; charset=utf-8');
      expect(rendered.body).toMatchObject({ type: 'about:blank', status: 409, instance: '/users', tenant: 't-1' });
    });

    it('never hands the builder the message of an unexpected error', () => {
      const bodies = new ExceptionBodyFactory(resolveExceptionsOptions({ body: (e) => ({ e }) }));
      const mapped = bodies.map(new Error('password=hunter2'));
      const text = JSON.stringify(bodies.render(mapped, where, at).body);
      expect(text).not.toContain('hunter2');
      expect(text).toContain('"message":"Internal server error"');
      expect(text).toContain('"internal":true');
    });

    it.each([
      [
        'throws',
        () => {
          throw new Error('builder bug: secret-b1');
        },
        /BODY_FAILED: The exceptions `body` option threw/,
      ],
      ['returns undefined', () => undefined, /INVALID_BODY_RESULT: The exceptions `body` option returned undefined;/],
      ['returns null', () => null, /INVALID_BODY_RESULT: .*returned null;/],
      ['returns a string', () => 'oops', /INVALID_BODY_RESULT: .*returned a string;/],
      ['returns an array', () => [1], /INVALID_BODY_RESULT: .*returned an array;/],
      [
        'returns a promise',
        async () => ({ late: true }),
        /INVALID_BODY_RESULT: .*returned a promise \(the function must be synchronous\)/,
      ],
      ['returns a BigInt member', () => ({ n: 1n }), /INVALID_BODY_RESULT: .*JSON cannot serialise/],
      [
        'returns a circular object',
        () => {
          const o: Record<string, unknown> = {};
          o.self = o;
          return o;
        },
        /JSON cannot serialise/,
      ],
    ])('sends the format body when the builder %s, and logs it once at error', (_name, body, message) => {
      const bodies = new ExceptionBodyFactory(
        resolveExceptionsOptions({
          body: ((error: unknown, defaultBody: Record<string, unknown>) => {
            delete defaultBody.requestId; // edits to its copy do not reach the fallback
            return (body as (e: unknown) => unknown)(error);
          }) as never,
        }),
      );
      const rendered = bodies.render(conflict, where, at);
      expect(rendered).toEqual(new ExceptionBodyFactory(resolveExceptionsOptions({})).render(conflict, where, at));
      expect(JSON.stringify(rendered)).not.toContain('secret-b1');
      expect(logged).toHaveLength(1);
      expect(logged[0]!.entry).toMatchObject({
        msg: expect.stringMatching(message),
        requestId: 'r-1',
        method: 'POST',
        path: '/users',
      });
    });

    it('logs the thrown error with its stack, for the developer', () => {
      const bodies = new ExceptionBodyFactory(
        resolveExceptionsOptions({
          body: () => {
            throw new TypeError("Cannot read properties of undefined (reading 'code')");
          },
        }),
      );
      bodies.render(conflict, where, at);
      bodies.render(conflict, where, at);
      expect(logged).toHaveLength(2); // once per occurrence
      expect(logged[0]).toEqual({
        entry: expect.objectContaining({
          err: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'code')" },
        }),
        stack: expect.stringMatching(/^TypeError: Cannot read/),
      });
    });
  });
});
