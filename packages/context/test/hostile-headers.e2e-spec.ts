import { adapters, bootApp, rawRequest, type TestApp } from '@ballast/test-support';
import { contextApp } from './fixtures/context-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Raw `x-request-id` header lines a client could send; none may be reused or echoed. */
const hostile: Array<[string, string]> = [
  ['too long (129 chars)', `X-Request-Id: ${'a'.repeat(129)}`],
  ['empty', 'X-Request-Id: '],
  ['unicode (UTF-8 bytes)', 'X-Request-Id: réq-☃-1'],
  ['two headers', 'X-Request-Id: first-id\r\nX-Request-Id: second-id'],
  ['a space inside', 'X-Request-Id: two words'],
  ['markup', 'X-Request-Id: <script>alert(1)</script>'],
  ['percent-encoded CRLF', 'X-Request-Id: abc%0d%0aset-cookie:%20x=1'],
  ['a tab inside', 'X-Request-Id: tab\there'],
];

describe.each(adapters)('hostile x-request-id headers on $name', (adapter) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootApp(contextApp(), adapter);
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(hostile)('%s: replaced by a generated id, never echoed', async (_name, line) => {
    const res = await rawRequest(app.url, `GET /id HTTP/1.1\r\nHost: test\r\n${line}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toHaveLength(1);
    expect(res.headers['x-request-id']![0]).toMatch(UUID);
  });

  it('the longest accepted id (128 chars) is reused', async () => {
    const id = 'b'.repeat(128);
    const res = await rawRequest(
      app.url,
      `GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n`,
    );
    expect(res.headers['x-request-id']).toEqual([id]);
  });

  it('a CR inside the value never reaches the app nor the response', async () => {
    // Node's parser refuses a bare CR in a header value with 400 before any app code runs.
    const res = await rawRequest(
      app.url,
      `GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: abc\rdef\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.headers)).not.toContain('def');
  });

  it('CRLF injection: the line after the CRLF is another header, which is never echoed', async () => {
    const res = await rawRequest(
      app.url,
      `GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: abc\r\nSet-Cookie: injected=1\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toEqual(['abc']);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
