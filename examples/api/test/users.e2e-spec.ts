import { adapters, describeWithService } from '@ballast/test-support';
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
      expect(app.logs.join('\n')).not.toMatch(/Canary|\$2[aby]\$/);
    });

    it('emits user.created, whose listener logs the new id', async () => {
      const created = await app.request('/users', { method: 'POST', body: newUser() });
      expect(created.status).toBe(201);
      expect(app.logs.some((line) => line.includes('user created') && line.includes(created.body.id))).toBe(true);
    });

    it('rejects an invalid body with 400 and a message per field', async () => {
      const res = await app.request('/users', {
        method: 'POST',
        body: { email: 'not-an-email', name: 'A', password: 'password', role: 'admin' },
      });
      expect(res.status).toBe(400);
      const messages = JSON.stringify(res.body);
      expect(messages).toContain('email must be an email');
      expect(messages).toContain('name must be longer than or equal to 2 characters');
      expect(messages).toContain('password must contain at least one uppercase letter');
      expect(messages).toContain('property role should not exist');
    });

    it('rejects a name longer than 50 characters and a missing body', async () => {
      const long = await app.request('/users', { method: 'POST', body: newUser({ name: 'x'.repeat(51) }) });
      expect(long.status).toBe(400);
      expect(JSON.stringify(long.body)).toContain('name must be shorter than or equal to 50 characters');
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
      expect(again.body).toMatchObject({ statusCode: 409, message: 'email already exists' });

      const other = await app.request('/users', { method: 'POST', body: newUser() });
      const taken = await app.request(`/users/${other.body.id}`, { method: 'PATCH', body: { email: body.email } });
      expect(taken.status).toBe(409);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const res = await app.request(`/users/${UNKNOWN_ID}`, { method, body: method === 'PATCH' ? {} : undefined });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ statusCode: 404 });
      }
      expect((await app.request('/users/not-a-uuid')).status).toBe(400);
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

describeWithService('DATABASE_URL')('users API on PostgreSQL', () => {
  const schema = postgresSchema(process.env.DATABASE_URL ?? 'postgres://unset');
  beforeAll(() => schema.create());
  afterAll(() => schema.drop());
  usersSuite(() => ({ ...schema.env, REDIS_URL: undefined }));
});
