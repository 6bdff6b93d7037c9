import { adapters } from '@ballast/test-support';
import { embedded, startApp } from './helpers/start-app.js';
import { createApp } from '../src/create-app.js';

describe.each(adapters)('examples/api on $name', (adapter) => {
  it('boots with every ballast module and answers GET /', async () => {
    const app = await startApp(adapter, embedded);
    try {
      const res = await app.request('/');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ name: 'ballast example api', status: 'ok' });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    } finally {
      await app.close();
    }
  });
});

describe('the environment', () => {
  it('refuses to boot with invalid variables, naming each of them and printing no secret', async () => {
    const bad = {
      PORT: 'eighty',
      HTTP_ADAPTER: 'koa',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://admin:hunter2-canary@db/app',
      CACHE_TTL: 'soon',
    };
    const saved = { ...process.env };
    Object.assign(process.env, bad);
    try {
      const error: Error = await createApp('express', { abortOnError: false }).then(
        () => new Error('the app booted'),
        (e: Error) => e,
      );
      expect(error.name).toBe('BallastConfigError');
      for (const name of Object.keys(bad)) expect(error.message).toContain(name);
      expect(error.message).not.toContain('hunter2-canary');
    } finally {
      for (const key of Object.keys(bad)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
