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
    } finally {
      await app.close();
    }
  });
});

describe('the environment', () => {
  it('refuses to boot with invalid variables, naming each of them', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { PORT: 'eighty', HTTP_ADAPTER: 'koa', DATABASE_URL: 'mysql://db' });
    try {
      await expect(createApp('express', { abortOnError: false })).rejects.toThrow(
        /PORT[\s\S]*HTTP_ADAPTER[\s\S]*DATABASE_URL/,
      );
    } finally {
      for (const key of ['PORT', 'HTTP_ADAPTER', 'DATABASE_URL']) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
