import { Logger, Module } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import { BallastLogger, BallastLoggerModule } from '../src/index.js';
import { OrdersController, OrdersService } from './fixtures/app.js';
import { eventually, MemoryStream } from './fixtures/memory-stream.js';

// Each secret is unique, so a single occurrence anywhere in the output is caught.
const SECRETS = {
  bearer: 'Bearer s3cr3t-bearer-value',
  cookie: 'sid=s3cr3t-cookie-value',
  apiKeyHeader: 's3cr3t-x-api-key-value',
  queryToken: 's3cr3t-query-token',
  queryApiKey: 's3cr3t-query-api-key',
  password: 's3cr3t-body-password',
  apiKey: 's3cr3t-body-apiKey',
  accessToken: 's3cr3t-body-access_token',
  clientSecret: 's3cr3t-body-client-secret',
};

describe.each(adapters)('safe output on $name', (adapter) => {
  let app: TestApp;
  const out = new MemoryStream();

  beforeAll(async () => {
    @Module({
      imports: [BallastLoggerModule.forRoot({ destination: out, redact: { keys: ['pin'] } })],
      controllers: [OrdersController],
      providers: [OrdersService],
    })
    class AppModule {}
    app = await bootApp(AppModule, adapter, { configure: (nest) => nest.useLogger(nest.get(BallastLogger)) });
  });
  afterAll(async () => {
    await app?.close();
    Logger.overrideLogger(false);
  });
  beforeEach(() => out.clear());

  it('never writes secrets planted in headers, cookies, query and body', async () => {
    const res = await app.request(`/login?token=${SECRETS.queryToken}&API_KEY=${SECRETS.queryApiKey}&page=3`, {
      method: 'POST',
      headers: {
        authorization: SECRETS.bearer,
        cookie: SECRETS.cookie,
        'x-api-key': SECRETS.apiKeyHeader,
        'user-agent': 'redaction-test',
      },
      body: {
        user: 'ada',
        password: SECRETS.password,
        apiKey: SECRETS.apiKey,
        access_token: SECRETS.accessToken,
        'client-secret': SECRETS.clientSecret,
        pin: '4321',
      },
    });
    expect(res.status).toBe(201);
    await eventually(() => out.requestLines().length === 1);
    for (const secret of Object.values(SECRETS)) {
      expect(out.text.split(secret.split('=').pop()!).length - 1).toBe(0);
    }
    expect(out.text).not.toContain('4321'); // a key added through `redact.keys`
    // ... while the rest stays useful
    const [attempt] = out.withMsg('login attempt');
    expect(attempt).toMatchObject({
      context: 'Auth',
      body: { user: 'ada', password: '[Redacted]' },
      headers: { authorization: '[Redacted]', cookie: '[Redacted]', 'user-agent': 'redaction-test' },
      req: { method: 'POST', headers: { 'user-agent': 'redaction-test' } },
    });
    expect(attempt!.req.headers.authorization).toBeUndefined(); // the req serializer is an allow-list
    expect(out.withMsg('flattened')[0]).toMatchObject({ user: 'ada', password: '[Redacted]', apiKey: '[Redacted]' });
    expect(out.requestLines()[0]!.query).toBe('token=[Redacted]&API_KEY=[Redacted]&page=3');
  });

  it.each([
    ['newline', 'line1\n{"level":60,"msg":"forged"}'],
    ['carriage return', 'a\r{"forged":true}'],
    ['line separator', 'a\u2028b\u2029c'],
    ['escape sequence', 'red \u001b[31m text \u001b[0m'],
  ])('keeps one JSON object per line when a value holds a %s', async (_name, value) => {
    await app.request(`/echo/${encodeURIComponent(value)}`);
    await eventually(() => out.requestLines().length === 1);
    const raw = out.text.split('\n').filter(Boolean);
    // eslint-disable-next-line no-control-regex
    expect(raw.every((line) => !/[\r\u2028\u2029\u001b]/.test(line))).toBe(true);
    const lines = out.lines(); // throws if any line is not valid JSON
    expect(lines.some((l) => l.msg === 'forged' || l.forged === true)).toBe(false);
    const echoed = lines.find((l) => l.context === 'Echo');
    expect(echoed).toMatchObject({ level: 40, msg: value, value });
  });

  it('logs an aborted request', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${app.url}/slow`, { agent: false });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await eventually(() => out.requestLines().length >= 1);
    expect(out.requestLines()[0]).toMatchObject({ level: 40, aborted: true, path: '/slow', msg: 'request aborted' });
    await new Promise((resolve) => setTimeout(resolve, 600)); // the handler finishes later: still one line
    expect(out.requestLines().filter((l) => l.path === '/slow')).toHaveLength(1);
  });
});
