import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { databaseErrorMapper } from './database-error.mapper.js';
import { entityNotFoundMapper } from './entity-not-found.mapper.js';
import { columnsFromPostgresDetail } from './postgres-errors.js';
import { prismaErrorMapper } from './prisma-error.mapper.js';
import { foreignHttpErrorMapper, httpExceptionMapper } from './http-exception.mapper.js';
import { parserErrorMapper } from './parser-error.mapper.js';
import { payloadDepth, payloadDepthMapper } from './payload-depth.mapper.js';
import { fieldPath, jsonPointer } from './field-path.js';
import { flattenValidationErrors } from './validation-exception.js';
import {
  parseGroupedValidationMessages,
  parseStandardSchemaMessages,
  parseValidationMessages,
} from './validation-messages.js';
import { validationMapper } from './validation.mapper.js';

const ctx = { exposeInternalErrors: false };

function queryFailed(driverError: object) {
  return Object.assign(new Error('query failed'), {
    name: 'QueryFailedError',
    query: 'INSERT INTO "users" ...',
    parameters: ['secret'],
    driverError,
    ...driverError,
  });
}

describe('databaseErrorMapper', () => {
  it.each([
    [
      { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'SQLITE_CONSTRAINT: UNIQUE constraint failed: users.email' },
      409,
      'email already exists',
    ],
    [{ message: 'UNIQUE constraint failed: users.tenant_id, users.email' }, 409, 'tenant_id, email already exists'],
    [{ code: 'SQLITE_CONSTRAINT_NOTNULL', message: 'NOT NULL constraint failed: users.name' }, 400, 'name is required'],
    [
      { code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed' },
      409,
      'A referenced resource does not exist',
    ],
    [
      { code: 'SQLITE_CONSTRAINT_CHECK', message: 'CHECK constraint failed: age_positive' },
      400,
      'A value is not allowed',
    ],
  ])('maps SQLite %o', (driver, status, message) => {
    expect(databaseErrorMapper.map(queryFailed(driver), ctx)).toMatchObject({ status, message });
  });

  it.each([
    [
      { code: 'ER_DUP_ENTRY', errno: 1062, sqlMessage: "Duplicate entry 'a@b.c' for key 'users.IDX_email'" },
      409,
      'Resource already exists',
    ],
    [
      {
        code: 'ER_NO_REFERENCED_ROW_2',
        errno: 1452,
        sqlMessage: 'Cannot add or update a child row: a foreign key constraint fails (`db`.`posts`...)',
      },
      409,
      'A referenced resource does not exist',
    ],
    [
      { code: 'ER_ROW_IS_REFERENCED_2', errno: 1451, sqlMessage: 'Cannot delete or update a parent row' },
      409,
      'Resource is still referenced by other resources',
    ],
    [{ code: 'ER_BAD_NULL_ERROR', errno: 1048, sqlMessage: "Column 'name' cannot be null" }, 400, 'name is required'],
    [
      { code: 'ER_DATA_TOO_LONG', errno: 1406, sqlMessage: "Data too long for column 'name' at row 1" },
      400,
      'A value is too long',
    ],
  ])('maps MySQL %o without the key, table or value', (driver, status, message) => {
    const mapped = databaseErrorMapper.map(queryFailed(driver), ctx)!;
    expect(mapped).toMatchObject({ status, message });
    expect(JSON.stringify(mapped)).not.toMatch(/IDX_|a@b\.c|posts|db/);
  });

  it('maps a raw pg error (no ORM) by its SQLSTATE', () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "UQ_x"'), {
      code: '23505',
      severity: 'ERROR',
      detail: 'Key (email)=(a@b.c) already exists.',
    });
    expect(databaseErrorMapper.map(pgError, ctx)).toMatchObject({
      status: 409,
      code: 'UNIQUE_VIOLATION',
      message: 'email already exists',
    });
  });

  it('reads only plain column names from a Postgres detail', () => {
    expect(columnsFromPostgresDetail('Key (email)=(a@b.c) already exists.')).toEqual(['email']);
    expect(columnsFromPostgresDetail('Key (tenant_id, email)=(1, a@b.c) already exists.')).toEqual([
      'tenant_id',
      'email',
    ]);
    expect(columnsFromPostgresDetail('Key (lower(email::text))=(a@b.c) already exists.')).toBeUndefined();
    expect(columnsFromPostgresDetail(undefined)).toBeUndefined();
  });

  it('leaves unknown SQLSTATEs and other errors to the next mapper', () => {
    expect(databaseErrorMapper.map(queryFailed({ code: '42P01', severity: 'ERROR' }), ctx)).toBeUndefined();
    expect(databaseErrorMapper.map(new Error('x'), ctx)).toBeUndefined();
    expect(databaseErrorMapper.map(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), ctx)).toBeUndefined();
  });

  it('maps EntityNotFoundError by name', () => {
    expect(
      entityNotFoundMapper.map(
        Object.assign(new Error('Could not find any entity matching {"email":"x"}'), { name: 'EntityNotFoundError' }),
        ctx,
      ),
    ).toEqual({ status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});

describe('prismaErrorMapper', () => {
  const prisma = (code: string, meta?: object) =>
    Object.assign(new Error('Invalid `prisma.user.create()`'), {
      name: 'PrismaClientKnownRequestError',
      code,
      meta,
      clientVersion: '6.0.0',
    });
  it('names the fields of a P2002 target, and drops an index-name target', () => {
    expect(prismaErrorMapper.map(prisma('P2002', { target: ['email'] }), ctx)).toMatchObject({
      status: 409,
      message: 'email already exists',
    });
    expect(prismaErrorMapper.map(prisma('P2002', { target: 'User_email_key' }), ctx)).toMatchObject({
      status: 409,
      message: 'Resource already exists',
    });
    expect(
      prismaErrorMapper.map(
        prisma('P2002', { driverAdapterError: { cause: { constraint: { fields: ['email'] } } } }),
        ctx,
      ),
    ).toMatchObject({ message: 'email already exists' });
  });
  it('maps P2025 → 404 and P2003 → 409, and ignores look-alikes without clientVersion', () => {
    expect(prismaErrorMapper.map(prisma('P2025'), ctx)).toMatchObject({ status: 404 });
    expect(prismaErrorMapper.map(prisma('P2003', { field_name: 'Post_authorId_fkey (index)' }), ctx)).toMatchObject({
      status: 409,
    });
    expect(prismaErrorMapper.map(Object.assign(new Error('x'), { code: 'P2002' }), ctx)).toBeUndefined();
  });
});

describe('transient database failures → 503 with Retry-After', () => {
  const retryable = { status: 503, code: 'DATABASE_RETRYABLE', retryAfter: 1 };
  const unavailable = { status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: 1 };
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'ERROR' });
  const socketError = (code: string, extra: object = {}) =>
    Object.assign(new Error(`${code} x`), { code, errno: -111, syscall: 'connect', ...extra });
  // Prisma's classes, by name and shape (no @prisma/client import, as in the mapper).
  class PrismaClientKnownRequestError extends Error {
    override name = 'PrismaClientKnownRequestError';
    constructor(
      message: string,
      readonly code: string,
      readonly clientVersion = '6.0.0',
      readonly meta?: object,
    ) {
      super(message);
    }
  }
  class PrismaClientInitializationError extends Error {
    override name = 'PrismaClientInitializationError';
    constructor(
      message: string,
      readonly errorCode: string | undefined,
      readonly clientVersion = '6.0.0',
    ) {
      super(message);
    }
  }

  it.each([
    ['pg 40001 serialization_failure', pgError('40001'), retryable],
    ['pg 40P01 deadlock_detected', pgError('40P01'), retryable],
    ['pg 55P03 lock_not_available', pgError('55P03'), retryable],
    ['TypeORM 40001', queryFailed({ code: '40001', message: 'could not serialize access' }), retryable],
    ['TypeORM 40P01', queryFailed({ code: '40P01', message: 'deadlock detected' }), retryable],
    ['pg 57P01 admin_shutdown', pgError('57P01'), unavailable],
    ['TypeORM 57P01', queryFailed({ code: '57P01', severity: 'FATAL' }), unavailable],
    ['pg 57P03 cannot_connect_now', pgError('57P03'), unavailable],
    ['pg 53300 too_many_connections', pgError('53300'), unavailable],
    ['pg 08006 connection_failure', pgError('08006'), unavailable],
    ['pg "Connection terminated unexpectedly"', new Error('Connection terminated unexpectedly'), unavailable],
    ['pg-pool connect timeout', new Error('timeout exceeded when trying to connect'), unavailable],
    ['TypeORM wrapping "Connection terminated"', queryFailed(new Error('Connection terminated')), unavailable],
    ['TypeORM wrapping ECONNRESET', queryFailed(socketError('ECONNRESET', { syscall: 'read' })), unavailable],
    ['ECONNREFUSED to 5432', socketError('ECONNREFUSED', { address: '10.0.0.5', port: 5432 }), unavailable],
    ['ECONNREFUSED to 3306', socketError('ECONNREFUSED', { address: '10.0.0.5', port: 3306 }), unavailable],
    ['mysql ER_LOCK_DEADLOCK', Object.assign(new Error('x'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }), retryable],
    [
      'mysql ER_LOCK_WAIT_TIMEOUT',
      Object.assign(new Error('x'), { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }),
      retryable,
    ],
  ])('%s', (_name, error, expected) => {
    const mapped = databaseErrorMapper.map(error, ctx);
    expect(mapped).toMatchObject(expected);
    expect(mapped!.message).not.toMatch(/deadlock|serializ|terminat|ECONN|5432|SELECT|UPDATE/i);
  });

  it.each([
    ['P2034 write conflict or deadlock', new PrismaClientKnownRequestError('Transaction failed', 'P2034'), retryable],
    ['P1001 cannot reach the server', new PrismaClientKnownRequestError("Can't reach database", 'P1001'), unavailable],
    ['P1002 timed out', new PrismaClientKnownRequestError('timed out', 'P1002'), unavailable],
    ['P1008 operations timed out', new PrismaClientKnownRequestError('timed out', 'P1008'), unavailable],
    ['P1017 server closed the connection', new PrismaClientKnownRequestError('closed', 'P1017'), unavailable],
    ['P2024 pool timeout', new PrismaClientKnownRequestError('pool', 'P2024'), unavailable],
    ['initialization P1001 (errorCode)', new PrismaClientInitializationError("Can't reach", 'P1001'), unavailable],
  ])('Prisma %s', (_name, error, expected) => {
    expect(prismaErrorMapper.map(error, ctx)).toMatchObject(expected);
  });

  it('uses the retryAfterSeconds of the context', () => {
    expect(databaseErrorMapper.map(pgError('40P01'), { ...ctx, retryAfterSeconds: 7 })).toMatchObject({
      retryAfter: 7,
    });
    expect(
      prismaErrorMapper.map(new PrismaClientKnownRequestError('x', 'P2034'), { ...ctx, retryAfterSeconds: 0 }),
    ).toMatchObject({ retryAfter: 0 });
  });

  it('leaves socket errors that are not the database’s alone (they stay 500)', () => {
    // A client that closed its request mid-body, an HTTP upstream refusing, a Prisma init error without a code.
    expect(databaseErrorMapper.map(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), ctx)).toBeUndefined();
    expect(databaseErrorMapper.map(socketError('ECONNREFUSED', { port: 443 }), ctx)).toBeUndefined();
    expect(databaseErrorMapper.map(socketError('ECONNRESET', { syscall: 'read' }), ctx)).toBeUndefined();
    expect(prismaErrorMapper.map(new PrismaClientInitializationError('bad schema', undefined), ctx)).toBeUndefined();
  });
});

describe('httpExceptionMapper', () => {
  it('keeps plain custom responses and drops the rest', () => {
    expect(httpExceptionMapper.map(new HttpException({ message: 'm', code: 'C', extra: [1] }, 409), ctx)).toEqual({
      status: 409,
      message: 'm',
      code: 'C',
      extensions: { extra: [1] },
    });
    class Payload {
      message = 'x';
    }
    expect(httpExceptionMapper.map(new HttpException(new Payload(), 400), ctx)).toEqual({
      status: 400,
      message: 'Bad Request',
    });
    expect(httpExceptionMapper.map(new HttpException({ message: 'x', fn: () => 1 }, 400), ctx)).toEqual({
      status: 400,
      message: 'Bad Request',
    });
  });
  it('answers an out-of-range status as 500', () => {
    expect(httpExceptionMapper.map(new HttpException('x', 200), ctx)).toMatchObject({ status: 500 });
  });
});

describe('foreignHttpErrorMapper', () => {
  it('keeps the 4xx status of http-errors/Fastify errors but never their message', () => {
    const httpError = Object.assign(new Error('Failed to decode param secret'), {
      status: 400,
      statusCode: 400,
      expose: true,
    });
    expect(foreignHttpErrorMapper.map(httpError, ctx)).toEqual({ status: 400, message: 'Bad Request' });
    expect(foreignHttpErrorMapper.map(Object.assign(new Error('upstream'), { statusCode: 404 }), ctx)).toBeUndefined();
    // as NestJS 12 wraps it
    expect(foreignHttpErrorMapper.map(new HttpException(httpError.message, 400, { cause: httpError }), ctx)).toEqual({
      status: 400,
      message: 'Bad Request',
    });
    expect(foreignHttpErrorMapper.map(new BadRequestException('mine'), ctx)).toBeUndefined();
    expect(
      foreignHttpErrorMapper.map(Object.assign(new Error('x'), { status: 502, statusCode: 502, expose: false }), ctx),
    ).toBeUndefined();
  });
});

describe('parserErrorMapper', () => {
  const bodyParser = (type: string, status: number, syntax = false) =>
    Object.assign(syntax ? new SyntaxError(`Unexpected token s in JSON`) : new Error('x'), {
      type,
      status,
      statusCode: status,
      expose: true,
    });
  it.each([
    [bodyParser('entity.parse.failed', 400, true), 400, 'MALFORMED_JSON'],
    [bodyParser('entity.too.large', 413), 413, 'PAYLOAD_TOO_LARGE'],
    [bodyParser('charset.unsupported', 415), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      new HttpException('x', 415, {
        cause: Object.assign(new Error('x'), {
          name: 'FastifyError',
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
          statusCode: 415,
        }),
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [new BadRequestException('Unexpected token } in JSON at position 12'), 400, 'MALFORMED_JSON'], // NestJS 11, no cause
    [new HttpException("'/a/%' is not a valid url component", 400), 400, 'MALFORMED_URL'],
  ])('normalises %#', (error, status, code) => {
    expect(parserErrorMapper.map(error, ctx)).toMatchObject({ status, code });
  });
  it('answers a body cut off by the client as REQUEST_ABORTED on both adapters, not an upstream cut-off', () => {
    const nodeAborted = () => Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const answer = { status: 400, code: 'REQUEST_ABORTED' };
    expect(parserErrorMapper.map(bodyParser('request.aborted', 400), ctx)).toMatchObject(answer); // Express
    expect(parserErrorMapper.map(Object.assign(nodeAborted(), { statusCode: 400 }), ctx)).toMatchObject(answer); // Fastify
    // The same Node error from an outgoing request's response (an upstream closed mid-body) is not the client's.
    expect(parserErrorMapper.map(nodeAborted(), ctx)).toBeUndefined();
  });
  it('leaves the app’s own 400s alone', () => {
    expect(parserErrorMapper.map(new BadRequestException('Coupon expired'), ctx)).toBeUndefined();
  });
  it('answers a 404 on an undecodable path as a malformed URL', () => {
    expect(
      parserErrorMapper.map(new NotFoundException(), { ...ctx, request: { method: 'GET', path: '/a/%E0%A4%A' } }),
    ).toMatchObject({ status: 400 });
    expect(
      parserErrorMapper.map(new NotFoundException(), { ...ctx, request: { method: 'GET', path: '/a/b' } }),
    ).toBeUndefined();
  });
});

describe('validation', () => {
  it('flattens nested and array errors', () => {
    expect(
      flattenValidationErrors([
        { property: 'email', constraints: { isEmail: 'email must be an email' } },
        {
          property: 'items',
          children: [{ property: '0', children: [{ property: 'qty', constraints: { min: 'qty too small' } }] }],
        },
      ]),
    ).toEqual([
      { field: 'email', messages: ['email must be an email'], pointer: '#/email' },
      { field: 'items[0].qty', messages: ['qty too small'], pointer: '#/items/0/qty' },
    ]);
  });
  it('parses the default flat messages into the paths and messages of validationExceptionFactory', () => {
    expect(
      parseValidationMessages(
        [
          'a.b must be a string',
          'a.b should not be empty',
          'property x should not exist',
          'each value in tags must be a string',
          'items.0.each value in tags must be a string',
          'items.0.property y should not exist',
          'Please give a name',
          'address.Please give a city',
          'e.g. something',
        ],
        { address: {} },
      ),
    ).toEqual([
      { field: 'a.b', messages: ['b must be a string', 'b should not be empty'], pointer: '#/a/b' },
      { field: 'x', messages: ['property x should not exist'], pointer: '#/x' },
      { field: 'tags', messages: ['each value in tags must be a string'], pointer: '#/tags' },
      { field: 'items[0].tags', messages: ['each value in tags must be a string'], pointer: '#/items/0/tags' },
      { field: 'items[0].y', messages: ['property y should not exist'], pointer: '#/items/0/y' },
      { field: '', messages: ['Please give a name', 'e.g. something'] },
      { field: 'address', messages: ['Please give a city'], pointer: '#/address' },
    ]);
  });
  it('parses the grouped and Standard Schema formats of Nest 12', () => {
    expect(parseGroupedValidationMessages({ 'items.0.qty': ['qty too small'], '...': ['omitted'] })).toEqual([
      { field: 'items[0].qty', messages: ['qty too small'], pointer: '#/items/0/qty' },
      { field: '', messages: ['omitted'] },
    ]);
    expect(parseStandardSchemaMessages(['items.0.qty: Too small', 'Invalid input'])).toEqual([
      { field: 'items[0].qty', messages: ['Too small'], pointer: '#/items/0/qty' },
      { field: '', messages: ['Invalid input'] },
    ]);
  });
  it('writes RFC 6901 pointers and one path syntax', () => {
    expect(jsonPointer(['a/b', 'm~n', 0, 'x y', 'é'])).toBe('#/a~1b/m~0n/0/x%20y/%C3%A9');
    expect(fieldPath(['items', 0, 'tags', '1'])).toBe('items[0].tags[1]');
  });
  it('leaves a BadRequestException(string[]) the app threw to the http-exception mapper', () => {
    expect(validationMapper.map(new BadRequestException(['name must be a string']), ctx)).toBeUndefined();
    expect(validationMapper.map(new BadRequestException(['Please retry']), ctx)).toBeUndefined();
  });
});

describe('payloadDepthMapper', () => {
  const overflow = new RangeError('Maximum call stack size exceeded');
  it('blames a stack overflow on a deep body only', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(payloadDepth(deep)).toBe(100_000);
    expect(
      payloadDepthMapper.map(overflow, { ...ctx, request: { method: 'POST', path: '/', body: deep } }),
    ).toMatchObject({ status: 400, code: 'PAYLOAD_TOO_DEEP' });
    expect(
      payloadDepthMapper.map(overflow, { ...ctx, request: { method: 'POST', path: '/', body: { a: 1 } } }),
    ).toBeUndefined();
  });
});
