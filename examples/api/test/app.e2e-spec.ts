import { adapters, httpRequest } from '@ballast/test-support';
import { createApp } from '../src/create-app.js';

describe.each(adapters)('examples/api on $name', ({ name }) => {
  it('boots with every ballast module and answers GET /', async () => {
    const app = await createApp(name);
    app.useLogger(false);
    await app.listen(0, '127.0.0.1');
    try {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const res = await httpRequest(`${url}/`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ name: 'ballast example api', status: 'ok' });
    } finally {
      await app.close();
    }
  });
});
