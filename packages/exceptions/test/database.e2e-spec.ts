import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { BallastContextModule } from '@ballast/context';
import { adapters, bootApp, describeWithService, serviceUrl, type TestApp } from '@ballast/test-support';
import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BallastLogger, BallastLoggerModule } from '@ballast/logger';
import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { BallastExceptionsModule } from '../src/index.js';
import { CaptureLogger } from './fixtures/capture-logger.js';
import { expectUnavailable } from './expect-unavailable.js';

// Our own tables, unique per run: other helpers share this PostgreSQL.
const suffix = randomBytes(4).toString('hex');
const USERS = `exc_users_${suffix}`;
const POSTS = `exc_posts_${suffix}`;
const CHECKED = `exc_checked_${suffix}`;
const LOCKS = `exc_locks_${suffix}`;

/** Runs `work` on two connections of their own, each in a transaction rolled back at the end. */
async function withTwoTransactions<T>(
  work: (a: (sql: string) => Promise<unknown>, b: (sql: string) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const runners = [dataSource.createQueryRunner(), dataSource.createQueryRunner()] as const;
  try {
    for (const runner of runners) {
      await runner.connect();
      await runner.startTransaction();
    }
    return await work(
      (sql) => runners[0].query(sql),
      (sql) => runners[1].query(sql),
    );
  } finally {
    for (const runner of runners) {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}

@Entity({ name: USERS })
class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'text', unique: true }) email!: string;
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: POSTS })
class Article {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'text' }) title!: string;
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' }) @JoinColumn({ name: 'author_id' }) author!: User;
  @Column({ name: 'author_id' }) authorId!: number;
}

let dataSource: DataSource;

@Controller()
class UsersController {
  @Post('users')
  async create(@Body() body: { email: string; name: string }) {
    return dataSource.getRepository(User).save(dataSource.getRepository(User).create(body));
  }

  @Post('posts')
  async post(@Body() body: { title: string; authorId: number }) {
    return dataSource.getRepository(Article).insert(body);
  }

  @Post('users/:id/delete')
  async remove(@Param('id') id: string) {
    return dataSource.getRepository(User).delete(id);
  }

  @Get('users/:id')
  async find(@Param('id') id: string) {
    // A raw query with a text parameter for an integer column: 22P02 for a non-number.
    return dataSource.query(`SELECT * FROM "${USERS}" WHERE id = $1`, [id]);
  }

  @Post('checked')
  async checked(@Body() body: { email: string; secret: string | null; age: number }) {
    return dataSource.query(`INSERT INTO "${CHECKED}" (email, secret, age) VALUES ($1, $2, $3)`, [
      body.email,
      body.secret,
      body.age,
    ]);
  }

  // Two transactions lock rows 1 and 2, then each other's: Postgres aborts one of them with 40P01.
  @Post('locks/deadlock')
  async deadlock() {
    return withTwoTransactions(async (a, b) => {
      await a(`UPDATE "${LOCKS}" SET n = n + 1 WHERE id = 1`);
      await b(`UPDATE "${LOCKS}" SET n = n + 1 WHERE id = 2`);
      const results = await Promise.allSettled([
        a(`UPDATE "${LOCKS}" SET n = n + 1 WHERE id = 2`),
        b(`UPDATE "${LOCKS}" SET n = n + 1 WHERE id = 1`),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return { deadlock: false };
    });
  }

  // A row lock held by one transaction, and `lock_timeout` in the other: 55P03.
  @Post('locks/timeout')
  async lockTimeout() {
    return withTwoTransactions(async (a, b) => {
      await a(`SELECT * FROM "${LOCKS}" WHERE id = 1 FOR UPDATE`);
      await b(`SET LOCAL lock_timeout = '50ms'`);
      await b(`SELECT * FROM "${LOCKS}" WHERE id = 1 FOR UPDATE`);
      return { locked: false };
    });
  }

  // The server ends a connection while its query runs (pg_terminate_backend): 57P01 or "Connection terminated".
  // On a pool of its own, destroyed after: the shared pool must not keep the dead connection.
  @Post('locks/terminated')
  async terminated() {
    const own = new DataSource({ type: 'postgres', url: serviceUrl('DATABASE_URL'), poolSize: 1, logging: false });
    await own.initialize();
    try {
      const [{ pid }] = (await own.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      const sleeping = own.query('SELECT pg_sleep(5)');
      sleeping.catch(() => undefined);
      for (let i = 0; i < 200; i++) {
        const active = await dataSource.query(
          `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`,
          [pid],
        );
        if (active.length > 0) break;
        await sleep(10);
      }
      await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
      await sleeping;
      return { terminated: false };
    } finally {
      await own.destroy().catch(() => undefined);
    }
  }

  @Get('boom')
  boom() {
    throw new Error('pool exhausted', { cause: new Error('connect ETIMEDOUT 10.0.0.5:5432') });
  }

  @Get('users/by-email/:email')
  async byEmail(@Param('email') email: string) {
    return dataSource.getRepository(User).findOneByOrFail({ email });
  }
}

@Module({
  imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot({})],
  controllers: [UsersController],
})
class DbAppModule {}

describeWithService('DATABASE_URL')('database errors against PostgreSQL', () => {
  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: serviceUrl('DATABASE_URL'),
      entities: [User, Article],
      synchronize: true,
      logging: false,
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE "${LOCKS}" (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0)`);
    await dataSource.query(`INSERT INTO "${LOCKS}" (id) VALUES (1), (2)`);
    await dataSource.query(
      `CREATE TABLE "${CHECKED}" (email text NOT NULL, secret text NOT NULL, age integer NOT NULL CHECK (age >= 0))`,
    );
  });
  afterAll(async () => {
    await dataSource.query(`DROP TABLE IF EXISTS "${CHECKED}"`);
    await dataSource.query(`DROP TABLE IF EXISTS "${LOCKS}"`);
    await dataSource.query(`DROP TABLE IF EXISTS "${POSTS}"`);
    await dataSource.query(`DROP TABLE IF EXISTS "${USERS}"`);
    await dataSource.destroy();
  });

  describe.each(adapters)('on $name', (adapter) => {
    let app: TestApp;
    const logger = new CaptureLogger();
    const email = `ada-${adapter.name}-${suffix}@example.com`;
    beforeAll(async () => {
      app = await bootApp(DbAppModule, adapter, { logger });
    });
    afterAll(() => app.close());

    const forbidden = [USERS, POSTS, 'INSERT', 'SELECT', 'constraint', 'UQ_', 'FK_', 'REL_', email.split('@')[0]!];
    // The path is the request's own (and may hold the input); everything else must not.
    function expectNoLeak(text: string) {
      const { path: _path, ...rest } = JSON.parse(text);
      for (const word of forbidden) expect(JSON.stringify(rest)).not.toContain(word);
    }

    it('23505 unique violation → 409 "email already exists", with the full database error in the log', async () => {
      expect((await app.request('/users', { method: 'POST', body: { email, name: 'Ada' } })).status).toBe(201);
      const res = await app.request('/users', { method: 'POST', body: { email, name: 'Ada again' } });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'email already exists',
        code: 'UNIQUE_VIOLATION',
        details: [{ field: 'email', messages: ['email already exists'] }],
        requestId: res.headers['x-request-id'],
        timestamp: expect.any(String),
        path: '/users',
      });
      expectNoLeak(res.text);
      const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.requestId)!;
      expect(line.level).toBe('warn');
      expect(line.entry.err).toMatchObject({
        name: 'QueryFailedError',
        code: '23505',
        detail: 'Key (email)=(…) already exists.',
        constraint: expect.any(String),
        table: USERS,
        query: expect.stringContaining('INSERT INTO'),
      });
      expect(JSON.stringify(line.entry)).not.toContain('"parameters"');
    });

    it('23503 foreign key violation (missing parent) → 409 naming the column', async () => {
      const res = await app.request('/posts', { method: 'POST', body: { title: 't', authorId: 987654321 } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'FOREIGN_KEY_VIOLATION',
        message: 'author_id refers to a resource that does not exist',
      });
      expectNoLeak(res.text);
    });

    it('23503 foreign key violation (still referenced) → 409', async () => {
      const user = (await app.request('/users', { method: 'POST', body: { email: `ref-${email}`, name: 'Ref' } })).body;
      expect((await app.request('/posts', { method: 'POST', body: { title: 't', authorId: user.id } })).status).toBe(
        201,
      );
      const res = await app.request(`/users/${user.id}/delete`, { method: 'POST' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'FOREIGN_KEY_VIOLATION',
        message: 'Resource is still referenced by other resources',
      });
      expectNoLeak(res.text);
    });

    it('23502 not-null violation → 400 naming the column', async () => {
      const res = await app.request('/users', { method: 'POST', body: { email: `nn-${email}`, name: null } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'NOT_NULL_VIOLATION',
        message: 'name is required',
        details: [{ field: 'name', messages: ['name is required'] }],
      });
      expectNoLeak(res.text);
    });

    it('22P02 invalid text representation → 400 without the input', async () => {
      const res = await app.request('/users/not-a-number');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', message: 'Invalid input value' });
      expect(res.body.message).not.toContain('not-a-number');
      expectNoLeak(res.text);
    });

    it('a NUL byte sent into a text column → 400, not 500', async () => {
      const res = await app.request('/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"email":"nul\\u0000${suffix}","name":"x"}`,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT' });
      expectNoLeak(res.text);
    });

    // The database quotes the values it refused (`Key (email)=(…)`, `Failing row contains (…the whole row…)`,
    // `invalid input syntax for type integer: "…"`): none of them may reach a log line or a body.
    it.each([
      {
        name: 'a unique violation',
        send: (canary: string) => [
          { path: '/users', body: { email: canary, name: 'first' }, status: 201 },
          { path: '/users', body: { email: canary, name: 'again' }, status: 409, code: '23505' },
        ],
      },
      {
        name: 'a not-null violation',
        send: (canary: string) => [
          { path: '/checked', body: { email: canary, secret: null, age: 1 }, status: 400, code: '23502' },
        ],
      },
      {
        name: 'a check violation',
        send: (canary: string) => [
          { path: '/checked', body: { email: canary, secret: `hash-${canary}`, age: -1 }, status: 400, code: '23514' },
        ],
      },
      {
        name: 'an invalid integer',
        send: (canary: string) => [
          { path: '/posts', body: { title: 't', authorId: canary }, status: 400, code: '22P02' },
        ],
      },
    ])('keeps the values of $name out of every log line and body', async ({ send }) => {
      const canary = `canary-${randomBytes(6).toString('hex')}@example.com`;
      const before = logger.entries.length;
      const steps = send(canary);
      const bodies: string[] = [];
      for (const step of steps) {
        const res = await app.request(step.path, { method: 'POST', body: step.body });
        expect(res.status).toBe(step.status);
        if (step.code) bodies.push(res.text);
      }
      const written = logger.entries.slice(before);
      const line = written.find((e) => (e.args[0] as { err?: { code?: string } })?.err?.code === steps.at(-1)!.code);
      // The log still says what went wrong, by column and constraint names.
      expect(line).toBeDefined();
      const text = JSON.stringify(written) + bodies.join('\n');
      expect(text).not.toContain(canary.split('@')[0]);
    });

    it.each([
      { name: 'a deadlock (40P01)', path: '/locks/deadlock', code: 'DATABASE_RETRYABLE', sqlstate: ['40P01'] },
      { name: 'a lock timeout (55P03)', path: '/locks/timeout', code: 'DATABASE_RETRYABLE', sqlstate: ['55P03'] },
      {
        name: 'a terminated connection (57P01)',
        path: '/locks/terminated',
        code: 'DATABASE_UNAVAILABLE',
        sqlstate: ['57P01', undefined],
      },
    ])('$name → 503 $code with Retry-After, no SQL or message in the body', async ({ path, code, sqlstate }) => {
      const res = await app.request(path, { method: 'POST' });
      const line = expectUnavailable(res, logger, { path, code });
      expectNoLeak(res.text);
      const { path: _path, ...rest } = res.body;
      for (const word of ['deadlock', 'lock timeout', 'terminat', 'UPDATE', 'Process', 'pg_', 'administrator'])
        expect(JSON.stringify(rest)).not.toContain(word);
      expect(sqlstate).toContain(line.entry.err.code ?? line.entry.err.driverError?.code);
    });

    it('EntityNotFoundError (findOneByOrFail) → 404 without the criteria', async () => {
      const res = await app.request(`/users/by-email/${encodeURIComponent(`missing-${email}`)}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: 'Resource not found' });
      expectNoLeak(res.text);
    });
  });

  describe.each(adapters)('with @ballast/logger on $name', (adapter) => {
    it('writes the full database error as one JSON line with the request id of the 409', async () => {
      const lines: string[] = [];
      const out = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      });
      @Module({
        imports: [
          BallastContextModule.forRoot({}),
          BallastLoggerModule.forRoot({ destination: out, requestLogging: false }),
          BallastExceptionsModule.forRoot({}),
        ],
        controllers: [UsersController],
      })
      class LoggedAppModule {}
      const app = await bootApp(LoggedAppModule, adapter, {
        configure: (nest) => nest.useLogger(nest.get(BallastLogger)),
      });
      try {
        const email = `logged-${adapter.name}-${suffix}@example.com`;
        expect((await app.request('/users', { method: 'POST', body: { email, name: 'A' } })).status).toBe(201);
        const res = await app.request('/users', { method: 'POST', body: { email, name: 'B' } });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ message: 'email already exists', requestId: res.headers['x-request-id'] });
        const records = lines.map((line) => JSON.parse(line) as Record<string, any>);
        const record = records.find((r) => r.requestId === res.body.requestId && r.err?.code === '23505');
        expect(lines.join('\n')).not.toContain(email);
        expect(record).toMatchObject({
          level: expect.anything(),
          method: 'POST',
          path: '/users',
          statusCode: 409,
          code: 'UNIQUE_VIOLATION',
          err: {
            name: 'QueryFailedError',
            detail: 'Key (email)=(…) already exists.',
            table: USERS,
            query: expect.stringContaining('INSERT INTO'),
          },
        });
        const boom = await app.request('/boom');
        expect(boom.status).toBe(500);
        const failure = lines
          .map((line) => JSON.parse(line) as Record<string, any>)
          .find((r) => r.requestId === boom.body.requestId);
        expect(failure).toMatchObject({
          statusCode: 500,
          err: { message: 'pool exhausted', cause: { message: expect.stringContaining('ETIMEDOUT') } },
        });
        expect(failure!.stack).toMatch(/Error: pool exhausted[\s\S]*Caused by: Error: connect ETIMEDOUT/);
      } finally {
        await app.close();
        Logger.overrideLogger(false);
      }
    });
  });
});
