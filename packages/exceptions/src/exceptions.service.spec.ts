import { Logger, NotFoundException } from '@nestjs/common';
import { resolveExceptionsOptions } from './exceptions.options.resolve.js';
import { ExceptionBodyFactory } from './exceptions.service.js';
import type { ExceptionMapper } from './mappers/mapper.types.js';

const at = new Date('2026-01-01T00:00:00.000Z');
const info = { requestId: 'r-1', path: '/x' };

describe('ExceptionBodyFactory', () => {
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
          details: [{ field: 'a', messages: ['bad'] }],
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
        errors: [{ field: 'a', messages: ['bad'] }],
        requestId: 'r-1',
        timestamp: at.toISOString(),
      },
    });
  });
});
