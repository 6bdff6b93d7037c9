import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { BallastContextModule } from '@ballast/context';
import { adapters, bootApp, describeWithService, serviceUrl, type TestApp } from '@ballast/test-support';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { BallastExceptionsModule } from '../src/index.js';
import { CaptureLogger } from './fixtures/capture-logger.js';
import { expectUnavailable } from './expect-unavailable.js';

// The real Prisma 7 client with the pg driver adapter. Its queries are compiled in wasm: no engine binary is needed,
// only `prisma generate`, run here from node_modules (the schema engine is never started: any existing file will do
// for the path, so the CLI does not try to download one).
const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA_FILE = join(here, 'fixtures/prisma/schema.prisma');
const GENERATED = '../node_modules/.prisma-fixture/client.ts';

function generateClient(): void {
  const cli = join(dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build/index.js');
  execFileSync(process.execPath, [cli, 'generate', '--schema', SCHEMA_FILE], {
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, CHECKPOINT_DISABLE: '1' },
    stdio: 'pipe',
  });
}

// A PostgreSQL schema of our own, unique per run: other helpers share this database.
const suffix = randomBytes(4).toString('hex');
const SCHEMA = `exc_prisma_${suffix}`;

type Client = any; // the generated PrismaClient (generated at test time, so not typed here)
let PrismaClient: new (options: object) => Client;
let PrismaPg: new (config: object, options?: object) => object;
let prisma: Client;

const client = (connectionString: string, pool: object = {}) =>
  new PrismaClient({ adapter: new PrismaPg({ connectionString, ...pool }, { schema: SCHEMA }) });

// Generous bounds for a loaded machine: Prisma's defaults (2 s to start, 5 s to run) are not.
const TX = { maxWait: 20_000, timeout: 30_000 };

/**
 * Runs two interactive transactions side by side; `meet(step)` waits until both reached that step. Rethrows the first
 * failure.
 */
async function twoTransactions(
  work: (tx: Client, meet: (step: number) => Promise<void>, index: 0 | 1) => Promise<void>,
  options: object = {},
): Promise<void> {
  const steps = new Map<number, { arrived: number; open: () => void; opened: Promise<void> }>();
  const meet = (step: number) => {
    let entry = steps.get(step);
    if (!entry) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      entry = { arrived: 0, open, opened };
      steps.set(step, entry);
    }
    if (++entry.arrived === 2) entry.open();
    return entry.opened;
  };
  const results = await Promise.allSettled(
    ([0, 1] as const).map((i) => prisma.$transaction((tx: Client) => work(tx, meet, i), { ...TX, ...options })),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

@Controller()
class PrismaController {
  @Post('users')
  create(@Body() body: { email: string; name: string }) {
    return prisma.user.create({ data: body });
  }

  @Post('users/:id/rename')
  rename(@Param('id') id: string, @Body() body: { name: string }) {
    return prisma.user.update({ where: { id: Number(id) }, data: { name: body.name } });
  }

  @Post('numbers')
  number(@Body() body: { value: string }) {
    return prisma.$queryRawUnsafe('SELECT $1::integer AS n', body.value);
  }

  @Post('posts')
  post(@Body() body: { title: string; authorId: number }) {
    return prisma.post.create({ data: body });
  }

  // Both read both counters and each writes its own before either commits (write skew): PostgreSQL fails the
  // second commit with 40001, which Prisma 7 throws as a bare `DriverAdapterError`.
  @Post('counters/serializable')
  async serializable() {
    await twoTransactions(
      async (tx, meet, i) => {
        const rows: Array<{ value: number }> = await tx.counter.findMany();
        await meet(1);
        const sum = rows.reduce((total, row) => total + row.value, 0);
        await tx.counter.update({ where: { id: i + 1 }, data: { value: sum + 1 } });
        await meet(2);
      },
      { isolationLevel: 'Serializable' },
    );
    return { conflict: false };
  }

  // Each locks one counter, then wants the other's: PostgreSQL aborts one with 40P01.
  @Post('counters/deadlock')
  async deadlock() {
    await twoTransactions(async (tx, meet, i) => {
      await tx.counter.update({ where: { id: i + 1 }, data: { value: { increment: 1 } } });
      await meet(1);
      await tx.counter.update({ where: { id: 2 - i }, data: { value: { increment: 1 } } });
    });
    return { deadlock: false };
  }

  // One holds a row lock; the other waits for it with `lock_timeout`: 55P03.
  @Post('counters/lock-timeout')
  async lockTimeout() {
    await twoTransactions(async (tx, meet, i) => {
      if (i === 0) {
        await tx.$queryRawUnsafe(`SELECT id FROM "${SCHEMA}"."Counter" WHERE id = 1 FOR UPDATE`);
        await meet(1);
        await sleep(1_000); // hold the lock well past the other's timeout
        return;
      }
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '50ms'`);
      await meet(1);
      await tx.counter.update({ where: { id: 1 }, data: { value: 0 } });
    });
    return { locked: false };
  }

  // The server ends the connection while its query runs (pg_terminate_backend): 57P01, on a client of its own.
  @Post('counters/terminated')
  async terminated() {
    const own = client(serviceUrl('DATABASE_URL')!, { max: 1 });
    try {
      const [{ pid }] = (await own.$queryRawUnsafe('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      const sleeping = own.$queryRawUnsafe('SELECT pg_sleep(10)');
      sleeping.catch(() => undefined);
      for (let i = 0; i < 500; i++) {
        const active = (await prisma.$queryRawUnsafe(
          `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`,
          pid,
        )) as unknown[];
        if (active.length > 0) break;
        await sleep(10);
      }
      await prisma.$queryRawUnsafe('SELECT pg_terminate_backend($1)', pid);
      await sleeping;
      return { terminated: false };
    } finally {
      await own.$disconnect().catch(() => undefined);
    }
  }

  @Get('unreachable/users')
  async unreachable() {
    const closed = client(`postgres://postgres@127.0.0.1:${await closedPort()}/test`, {
      connectionTimeoutMillis: 10_000,
    });
    try {
      return await closed.user.findMany();
    } finally {
      await closed.$disconnect().catch(() => undefined);
    }
  }
}

@Module({
  imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot({})],
  controllers: [PrismaController],
})
class PrismaAppModule {}

// Prisma 7 shapes the tests above cannot provoke on demand, as @prisma/driver-adapter-utils and the client build them
// (`DriverAdapterError` thrown bare, or as `meta.driverAdapterError` of a `PrismaClientKnownRequestError`).
class DriverAdapterError extends Error {
  override name = 'DriverAdapterError';
  constructor(cause: Record<string, unknown>) {
    super(String(cause.kind));
    Object.assign(this, { cause }); // a plain object, as Prisma's
  }
}
class PrismaClientKnownRequestError extends Error {
  override name = 'PrismaClientKnownRequestError';
  readonly clientVersion = '7.10.0';
  constructor(
    readonly code: string,
    cause: Record<string, unknown>,
  ) {
    super(`Invalid \`prisma.user.findMany()\` invocation: ${String(cause.kind)}`);
    this.meta = { modelName: 'User', driverAdapterError: new DriverAdapterError(cause) };
  }
  readonly meta: Record<string, unknown>;
}
const SHAPES: Record<string, () => Error> = {
  'closed-bare': () => new DriverAdapterError({ kind: 'ConnectionClosed' }),
  'timeout-bare': () => new DriverAdapterError({ kind: 'SocketTimeout' }),
  'unreachable-bare': () => new DriverAdapterError({ kind: 'DatabaseNotReachable', host: '10.0.0.5', port: 5432 }),
  'too-many-raw': () =>
    new PrismaClientKnownRequestError('P2010', {
      kind: 'TooManyConnections',
      originalCode: '53300',
      originalMessage: 'sorry, too many clients already',
      cause: 'sorry, too many clients already',
    }),
  'admin-shutdown-raw': () =>
    new PrismaClientKnownRequestError('P2010', {
      kind: 'postgres',
      originalCode: '57P01',
      code: '57P01',
      severity: 'FATAL',
      message: 'terminating connection due to administrator command',
    }),
  'serialization-raw': () =>
    new PrismaClientKnownRequestError('P2010', { kind: 'TransactionWriteConflict', originalCode: '40001' }),
  'unique-bare': () =>
    new DriverAdapterError({
      kind: 'UniqueConstraintViolation',
      originalCode: '23505',
      constraint: { fields: ['email'] },
    }),
  'not-prisma': () => Object.assign(new Error('DriverAdapterError'), { name: 'DriverAdapterError' }),
};

@Controller()
class ShapesController {
  @Get('shapes/:name')
  shape(@Param('name') name: string) {
    throw SHAPES[name]!();
  }
}

@Module({
  imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot({ retryAfterSeconds: 3 })],
  controllers: [ShapesController],
})
class ShapesAppModule {}

describe.each(adapters)('Prisma 7 driver-adapter error shapes on $name', (adapter) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootApp(ShapesAppModule, adapter, { logger: new CaptureLogger() });
  });
  afterAll(() => app.close());

  it.each([
    { shape: 'closed-bare', status: 503, code: 'DATABASE_UNAVAILABLE' },
    { shape: 'timeout-bare', status: 503, code: 'DATABASE_UNAVAILABLE' },
    { shape: 'unreachable-bare', status: 503, code: 'DATABASE_UNAVAILABLE' },
    { shape: 'too-many-raw', status: 503, code: 'DATABASE_UNAVAILABLE' },
    { shape: 'admin-shutdown-raw', status: 503, code: 'DATABASE_UNAVAILABLE' },
    { shape: 'serialization-raw', status: 503, code: 'DATABASE_RETRYABLE' },
    { shape: 'unique-bare', status: 409, code: 'UNIQUE_VIOLATION' },
    { shape: 'not-prisma', status: 500, code: 'INTERNAL_ERROR' },
  ])('$shape → $status $code', async ({ shape, status, code }) => {
    const res = await app.request(`/shapes/${shape}`);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.headers['retry-after']).toBe(status === 503 ? '3' : undefined);
    for (const word of ['10.0.0.5', 'too many', 'administrator', 'DriverAdapter', 'prisma.'])
      expect(res.text).not.toContain(word);
  });
});

describeWithService('DATABASE_URL')('Prisma 7 errors from the real client (pg driver adapter)', () => {
  beforeAll(async () => {
    generateClient();
    ({ PrismaClient } = await import(GENERATED));
    ({ PrismaPg } = await import('@prisma/adapter-pg'));
    prisma = client(serviceUrl('DATABASE_URL')!);
    // The tables `prisma migrate` would create for the fixture schema (same names and constraints).
    for (const sql of [
      `CREATE SCHEMA "${SCHEMA}"`,
      `CREATE TABLE "${SCHEMA}"."User" (id serial PRIMARY KEY, email text NOT NULL,
        name text NOT NULL CHECK (length(name) < 100))`,
      `CREATE UNIQUE INDEX "User_email_key" ON "${SCHEMA}"."User" (email)`,
      `CREATE TABLE "${SCHEMA}"."Post" (id serial PRIMARY KEY, title text NOT NULL, "authorId" integer NOT NULL,
        CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "${SCHEMA}"."User" (id) ON DELETE RESTRICT)`,
      `CREATE TABLE "${SCHEMA}"."Counter" (id integer PRIMARY KEY, value integer NOT NULL)`,
      `INSERT INTO "${SCHEMA}"."Counter" (id, value) VALUES (1, 0), (2, 0)`,
    ])
      await prisma.$executeRawUnsafe(sql);
  }, 120_000);
  afterAll(async () => {
    await prisma?.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await prisma?.$disconnect();
  });

  describe.each(adapters)('on $name', (adapter) => {
    let app: TestApp;
    const logger = new CaptureLogger();
    beforeAll(async () => {
      app = await bootApp(PrismaAppModule, adapter, { logger });
    });
    afterAll(() => app.close());

    const forbidden = [SCHEMA, 'INSERT', 'SELECT', 'prisma.', 'invocation', 'P20', 'DriverAdapter', 'User_email'];
    // The path is the request's own; everything else must not name the query, the client or the schema.
    function expectNoLeak(text: string) {
      const { path: _path, ...rest } = JSON.parse(text);
      for (const word of forbidden) expect(JSON.stringify(rest)).not.toContain(word);
    }

    it('P2002 unique violation → 409 UNIQUE_VIOLATION; the email is in no body and no log line', async () => {
      const canary = `canary-${randomBytes(6).toString('hex')}@example.com`;
      const before = logger.entries.length;
      expect((await app.request('/users', { method: 'POST', body: { email: canary, name: 'Ada' } })).status).toBe(201);
      const res = await app.request('/users', { method: 'POST', body: { email: canary, name: 'Ada again' } });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'Resource already exists', // the adapter names the index (User_email_key), not the field
        code: 'UNIQUE_VIOLATION',
        requestId: res.headers['x-request-id'],
        timestamp: expect.any(String),
        path: '/users',
      });
      expectNoLeak(res.text);
      const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.requestId)!;
      expect(line).toMatchObject({ level: 'warn', entry: { code: 'UNIQUE_VIOLATION', err: { code: 'P2002' } } });
      expect(JSON.stringify(logger.entries.slice(before)) + res.text).not.toContain(canary.split('@')[0]);
    });

    // The database quotes refused values (`Failing row contains (…)`, `invalid input syntax …: "…"`); Prisma 7 puts
    // its message in the error's own message and the adapter's `cause`: none may reach a log line or a body.
    it.each([
      {
        name: 'a check violation (23514)',
        status: 400,
        path: (canary: string) => ({
          path: '/users',
          method: 'POST',
          body: { email: `c-${canary}`, name: `${canary}${'x'.repeat(100)}` },
        }),
      },
      {
        name: 'an invalid integer in a raw query (22P02)',
        status: 400,
        path: (canary: string) => ({ path: '/numbers', method: 'POST', body: { value: canary } }),
      },
    ])('keeps the values of $name out of every log line and body', async ({ status, path }) => {
      const canary = `canary${randomBytes(6).toString('hex')}`;
      const before = logger.entries.length;
      const { path: url, ...init } = path(canary);
      const res = await app.request(url, init as never);
      expect(res.status).toBe(status);
      const { path: _path, ...body } = res.body;
      expect(JSON.stringify(logger.entries.slice(before)) + JSON.stringify(body)).not.toContain(canary);
    });

    it('P2025 record to update not found → 404 NOT_FOUND', async () => {
      const res = await app.request('/users/987654321/rename', { method: 'POST', body: { name: 'x' } });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: 'Resource not found' });
      expectNoLeak(res.text);
    });

    it('P2003 foreign key violation → 409 FOREIGN_KEY_VIOLATION', async () => {
      const res = await app.request('/posts', { method: 'POST', body: { title: 't', authorId: 987654321 } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'FOREIGN_KEY_VIOLATION' });
      expectNoLeak(res.text);
    });

    // What Prisma 7.10 throws for each (logged in full): the adapter's error with the SQLSTATE, bare or under a P code.
    it.each([
      {
        name: 'a serialization failure (40001)',
        path: '/counters/serializable',
        code: 'DATABASE_RETRYABLE',
        // (the log keeps name and message; the plain-object `cause` with the SQLSTATE is not serialized)
        err: { name: 'DriverAdapterError', message: 'TransactionWriteConflict' },
      },
      {
        name: 'a deadlock (40P01)',
        path: '/counters/deadlock',
        code: 'DATABASE_RETRYABLE',
        err: { code: 'P2034', meta: { driverAdapterError: { cause: { originalCode: '40P01' } } } },
      },
      {
        name: 'a lock timeout (55P03)',
        path: '/counters/lock-timeout',
        code: 'DATABASE_RETRYABLE',
        err: { code: 'P2039', meta: { driverAdapterError: { cause: { originalCode: '55P03' } } } },
      },
      // P2010 (raw query failed) with 57P01 here; a connection reset would be the adapter's `ConnectionClosed`.
      { name: 'a terminated connection (57P01)', path: '/counters/terminated', code: 'DATABASE_UNAVAILABLE', err: {} },
    ])('$name → 503 $code with Retry-After', async ({ path, code, err }) => {
      const res = await app.request(path, { method: 'POST' });
      expectUnavailable(res, logger, { path, code, err });
      expectNoLeak(res.text);
    });

    it('a refused connection (P1001) → 503 DATABASE_UNAVAILABLE with Retry-After', async () => {
      const res = await app.request('/unreachable/users');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expectNoLeak(res.text);
      expect(res.text).not.toContain('127.0.0.1');
    });
  });
});
