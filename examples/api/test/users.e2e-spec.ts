import { randomBytes } from 'node:crypto';
import { adapters, describeWithService } from '@ballast/test-support';
import { DataSource } from 'typeorm';
import { User } from '../src/modules/users/entities/user.entity.js';
import { embedded, newUser, postgresSchema, startApp, type RunningApp, type TestEnv } from './helpers/start-app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The users API, on both adapters, against the database that `env` selects. */
function usersSuite(env: () => TestEnv): void {
  describe.each(adapters)('on $name', (adapter) => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(adapter, env());
    });
    afterAll(async () => {
      await app?.close();
    });

    it('creates, reads, lists, updates and deletes a user', async () => {
      const body = newUser();
      const created = await app.request('/users', { method: 'POST', body });
      expect(created.status).toBe(201);
      const user = created.body;
      expect(user).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: body.email,
        name: 'Ada Lovelace',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });

      const read = await app.request(`/users/${user.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(user);

      const listed = await app.request('/users?limit=100');
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ page: 1, limit: 100, total: expect.any(Number) });

      const updated = await app.request(`/users/${user.id}`, { method: 'PATCH', body: { name: 'Ada King' } });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id: user.id, email: body.email, name: 'Ada King' });
      expect((await app.request(`/users/${user.id}`)).body.name).toBe('Ada King');

      const deleted = await app.request(`/users/${user.id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect((await app.request(`/users/${user.id}`)).status).toBe(404);
      expect((await app.request(`/users/${user.id}`, { method: 'DELETE' })).status).toBe(404);
    });

    it('never returns the password or its hash, and never logs them', async () => {
      const body = newUser({ password: 'Canary-Pa55word' });
      const created = await app.request('/users', { method: 'POST', body });
      expect(created.status).toBe(201);
      const patched = await app.request(`/users/${created.body.id}`, {
        method: 'PATCH',
        body: { password: 'Canary-Pa55word2' },
      });
      expect(patched.status).toBe(200);
      const list = await app.request('/users?limit=100');
      for (const response of [created, patched, list, await app.request(`/users/${created.body.id}`)]) {
        expect(response.text).not.toMatch(/password|Canary|\$2[aby]\$/i);
      }
      expect(app.logText()).toContain(created.body.id);
      expect(app.logText()).not.toMatch(/Canary|\$2[aby]\$/);
    });

    it('emits user.created, whose listener logs the new id; every line of the request shares its id', async () => {
      const created = await app.request('/users', {
        method: 'POST',
        body: newUser(),
        headers: { authorization: 'Bearer canary-token-123', cookie: 'session=canary-cookie-456' },
      });
      expect(created.status).toBe(201);
      const requestId = created.headers['x-request-id'];
      const lines = app.logs().filter((l) => l.requestId === requestId);
      // The listener's line and the request line, both under the id the client got back.
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ msg: 'user created' }),
          expect.objectContaining({ method: 'POST', statusCode: 201 }),
        ]),
      );
      expect(app.logText()).not.toMatch(/canary-token|canary-cookie/);
      const line = app.logs().find((l) => l.msg === 'user created' && l.userId === created.body.id);
      // Logged inside the request: it carries the request's id, as the response header does.
      expect(line).toMatchObject({ context: 'UserCreatedListener', requestId: created.headers['x-request-id'] });
    });

    it('rejects an invalid body with 400 and the problems of each field', async () => {
      const res = await app.request('/users', {
        method: 'POST',
        body: { email: 'not-an-email', name: 'A', password: 'password', role: 'admin' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        message: 'Validation failed',
        code: 'VALIDATION_FAILED',
        requestId: res.headers['x-request-id'],
        path: '/users',
      });
      const byField = Object.fromEntries(
        (res.body.details as { field: string; messages: string[] }[]).map((d) => [d.field, d.messages.join(' | ')]),
      );
      expect(byField.email).toContain('email must be an email');
      expect(byField.name).toContain('name must be longer than or equal to 2 characters');
      expect(byField.password).toContain('password must contain at least one uppercase letter');
      expect(byField.role).toContain('property role should not exist');
      // The rejected password is not echoed back.
      expect(res.text).not.toContain('"password"}');
    });

    it('rejects a name longer than 50 characters and a missing body', async () => {
      const long = await app.request('/users', { method: 'POST', body: newUser({ name: 'x'.repeat(51) }) });
      expect(long.status).toBe(400);
      expect(long.body.details).toEqual([
        { field: 'name', messages: ['name must be shorter than or equal to 50 characters'] },
      ]);
      expect((await app.request('/users', { method: 'POST', body: {} })).status).toBe(400);
    });

    it('answers 409 for an email already taken, whatever its case', async () => {
      const body = newUser();
      expect((await app.request('/users', { method: 'POST', body })).status).toBe(201);
      const again = await app.request('/users', {
        method: 'POST',
        body: { ...body, email: String(body.email).toUpperCase() },
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        statusCode: 409,
        message: 'email already exists',
        code: 'UNIQUE_VIOLATION',
        requestId: again.headers['x-request-id'],
      });
      // The unique index decided, and the log has the full database error under the same request id.
      expect(
        app.logs().filter((l) => l.requestId === again.body.requestId && l.context === 'BallastExceptions'),
      ).toEqual([
        expect.objectContaining({
          statusCode: 409,
          err: expect.objectContaining({ message: expect.stringMatching(/UNIQUE constraint|duplicate key/) }),
        }),
      ]);

      const other = await app.request('/users', { method: 'POST', body: newUser() });
      const taken = await app.request(`/users/${other.body.id}`, { method: 'PATCH', body: { email: body.email } });
      expect(taken.status).toBe(409);
    });

    it('a request that logs in a service and then fails: every line shares the id of the response header', async () => {
      const body = newUser();
      expect((await app.request('/users', { method: 'POST', body })).status).toBe(201);
      const failed = await app.request('/users', {
        method: 'POST',
        body,
        headers: { authorization: 'Bearer canary-auth-789', cookie: 'sid=canary-cookie-789' },
      });
      expect(failed.status).toBe(409);
      const requestId = failed.headers['x-request-id'];
      expect(failed.body.requestId).toBe(requestId);
      const lines = app.logs().filter((l) => l.requestId === requestId);
      expect(lines).toEqual([
        expect.objectContaining({ context: 'UsersService', msg: 'creating user' }),
        expect.objectContaining({ context: 'BallastExceptions', statusCode: 409 }),
        expect.objectContaining({ method: 'POST', path: '/users', statusCode: 409 }),
      ]);
      expect(app.logText()).not.toMatch(/canary-auth|canary-cookie/);
    });

    it('answers 409 to all but one of concurrent creates: the unique index decides', async () => {
      // Eight creates at once: all but one hit the unique index on INSERT; @ballast/exceptions maps that database
      // error to 409 (a "is the email free?" query first would only race).
      const body = newUser();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => app.request('/users', { method: 'POST', body })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      const fromDatabase = results.filter((r) => r.body.code === 'UNIQUE_VIOLATION');
      expect(fromDatabase).toHaveLength(7);
      for (const conflict of results.filter((r) => r.status === 409)) {
        expect(conflict.body).toMatchObject({ message: 'email already exists', requestId: expect.any(String) });
      }
      for (const conflict of fromDatabase) {
        // No SQL, table or constraint name in the answer...
        const { path, ...rest } = conflict.body;
        expect(path).toBe('/users');
        expect(JSON.stringify(rest)).not.toMatch(/users|UQ_|constraint|INSERT|SQLITE|duplicate key/i);
        // ...while the log keeps the database error, under the same request id.
        const logged = app
          .logs()
          .filter((l) => l.requestId === conflict.body.requestId && l.context === 'BallastExceptions');
        expect(logged).toEqual([
          expect.objectContaining({
            statusCode: 409,
            method: 'POST',
            err: expect.objectContaining({ message: expect.stringMatching(/UNIQUE constraint|duplicate key/) }),
          }),
        ]);
      }
      // The failed INSERTs' parameters (the bcrypt hash among them) are not logged.
      expect(app.logText()).not.toMatch(/\$2[aby]\$/);
    });

    it('answers 404 for an unknown id, with the request id in the body and the header', async () => {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const res = await app.request(`/users/${UNKNOWN_ID}`, {
          method,
          body: method === 'PATCH' ? {} : undefined,
          headers: { 'x-request-id': `lookup-${method}-42` },
        });
        expect(res.status).toBe(404);
        expect(res.headers['x-request-id']).toBe(`lookup-${method}-42`);
        expect(res.body).toMatchObject({
          statusCode: 404,
          error: 'Not Found',
          message: `user ${UNKNOWN_ID} not found`,
          requestId: `lookup-${method}-42`,
          path: `/users/${UNKNOWN_ID}`,
        });
      }
      expect((await app.request('/users/not-a-uuid')).status).toBe(400);
    });

    it('serves GET /users/:id from the cache until an update or a delete evicts it', async () => {
      const { id } = (await app.request('/users', { method: 'POST', body: newUser() })).body;
      const users = app.nest.get(DataSource).getRepository(User);
      const read = async () => (await app.request(`/users/${id}`)).body?.name;

      expect(await read()).toBe('Ada Lovelace'); // a miss: loaded, then cached
      await users.update({ id }, { name: 'Changed Behind' }); // the row changes behind the app's back...
      expect(await read()).toBe('Ada Lovelace'); // ...and the cached answer is served

      expect((await app.request(`/users/${id}`, { method: 'PATCH', body: { name: 'Ada King' } })).status).toBe(200);
      expect(await read()).toBe('Ada King'); // the update evicted it
      await users.update({ id }, { name: 'Changed Again' });
      expect(await read()).toBe('Ada King'); // cached again

      expect((await app.request(`/users/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await app.request(`/users/${id}`)).status).toBe(404); // the delete evicted it too
    });

    it('answers the probes: live, and ready with the database and the cache', async () => {
      const live = await app.request('/health/live');
      expect(live.status).toBe(200);
      const ready = await app.request('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
      expect(Object.keys(ready.body.info).some((name) => name.startsWith('cache'))).toBe(true);
    });

    it('paginates within bounds', async () => {
      for (let i = 0; i < 3; i++) {
        expect((await app.request('/users', { method: 'POST', body: newUser() })).status).toBe(201);
      }
      const first = await app.request('/users?page=1&limit=2');
      const second = await app.request('/users?page=2&limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.total).toBeGreaterThanOrEqual(3);
      expect(second.body.page).toBe(2);
      const firstIds = first.body.items.map((u: { id: string }) => u.id);
      for (const user of second.body.items) expect(firstIds).not.toContain(user.id);
      expect((await app.request('/users?page=1000000&limit=100')).body.items).toEqual([]);

      for (const query of ['limit=0', 'limit=101', 'page=0', 'page=abc', 'limit=1.5', 'sort=name']) {
        expect({ query, status: (await app.request(`/users?${query}`)).status }).toEqual({ query, status: 400 });
      }
    });
  });
}

describe('users API on the embedded database (sql.js)', () => {
  usersSuite(() => embedded);
});

// PostgreSQL in a schema of its own, and the cache on Redis when REDIS_URL is set (as in CI), under a key prefix of
// its own: the production shape.
describeWithService('DATABASE_URL')('users API on PostgreSQL (and Redis when REDIS_URL is set)', () => {
  const schema = postgresSchema(process.env.DATABASE_URL ?? 'postgres://unset');
  beforeAll(() => schema.create());
  afterAll(() => schema.drop());
  usersSuite(() => ({
    ...schema.env,
    REDIS_URL: process.env.REDIS_URL,
    CACHE_NAMESPACE: `test:example-api:${randomBytes(4).toString('hex')}`,
  }));
});
