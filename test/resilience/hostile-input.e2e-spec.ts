import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rawRequest } from '@ballast/test-support';
import { count, ensureExampleBuilt, get, kill, pool, root, send, startApp, waitUntil200, type App } from './helpers.js';

// Hostile input against the built example, on Express and on Fastify: every string of the Big List of Naughty
// Strings (vendored in data/, MIT) into the path, the query, header values and the JSON bodies of the users
// endpoints, plus hand-written protocol abuse (malformed JSON, bad percent-encoding, huge headers and bodies,
// smuggling-shaped framing). Every request goes out as raw bytes on its own connection, so nothing is cleaned up
// by a client library first. Expected: no 5xx (they are all client faults), nothing leaked in any answer (stack
// frames, file paths, SQL/driver errors, the planted password or its hash, an environment canary), process alive.

const naughty: string[] = JSON.parse(readFileSync(join(root, 'test', 'resilience', 'data', 'blns.json'), 'utf8'));
const PASSWORD = `Canary${Math.random().toString(36).slice(2)}A1`;
const ENV_CANARY = `env-canary-${Math.random().toString(36).slice(2)}`;

function httpBytes(
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Buffer {
  const head = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  if (body !== undefined && !('Content-Length' in headers) && !('Transfer-Encoding' in headers)) {
    head.push(`Content-Length: ${payload.length}`);
  }
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), payload]);
}
const json = (method: string, target: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  httpBytes(method, target, { 'Content-Type': 'application/json', ...headers }, body);

/** What must never be in an answer. */
function leaks(text: string): string[] {
  const found: string[] = [];
  if (/\n\s*at [^\n]+:\d+:\d+/.test(text) || /\bat [\w.$<>]+ \((?:file:|\/|node:)/.test(text))
    found.push('stack frame');
  if (text.includes(root) || text.includes('node_modules') || text.includes('file://')) found.push('file path');
  if (/QueryFailedError|SQLITE_|sql\.js|TypeORM|EntityNotFound|duplicate key|violates|constraint failed/i.test(text)) {
    found.push('database error');
  }
  if (text.includes(PASSWORD)) found.push('planted password');
  if (/\$2[aby]\$\d\d\$/.test(text)) found.push('password hash');
  if (text.includes(ENV_CANARY)) found.push('environment canary');
  return found;
}

function corpus(userId: string): { name: string; bytes: Buffer; input?: string }[] {
  const cases: { name: string; bytes: Buffer; input?: string }[] = [];
  naughty.forEach((s, i) => {
    const enc = encodeURIComponent(s);
    const headerValue = s.replace(/[\r\n]/g, ' ');
    const body = (value: unknown) => JSON.stringify(value);
    cases.push(
      { name: `blns[${i}] path /users/:id`, bytes: httpBytes('GET', `/users/${enc}`) },
      { name: `blns[${i}] path /:x`, bytes: httpBytes('GET', `/${enc}`) },
      { name: `blns[${i}] query`, bytes: httpBytes('GET', `/users?page=${enc}&limit=${enc}&${enc}=${enc}`) },
      {
        name: `blns[${i}] headers`,
        bytes: httpBytes('GET', '/', { 'X-Naughty': headerValue, 'X-Request-Id': headerValue, Accept: headerValue }),
      },
      {
        name: `blns[${i}] POST /users body`,
        bytes: json('POST', '/users', body({ email: s, name: s, password: s, [s]: s })),
      },
      { name: `blns[${i}] PATCH /users/:id body`, bytes: json('PATCH', `/users/${userId}`, body({ name: s })) },
      { name: `blns[${i}] raw JSON body`, bytes: json('POST', '/users', s) },
    );
    for (const c of cases.slice(-7)) c.input = s;
  });
  const special: [string, Buffer][] = [
    ['truncated JSON', json('POST', '/users', '{"email":')],
    ['trailing comma', json('POST', '/users', '{"email":"a@b.co",}')],
    ['JSON null', json('POST', '/users', 'null')],
    ['JSON string', json('POST', '/users', '"x"')],
    ['JSON number', json('PATCH', `/users/${userId}`, '123')],
    ['JSON array', json('POST', '/users', '[1,2,3]')],
    ['deep nesting', json('POST', '/users', '['.repeat(50_000) + ']'.repeat(50_000))],
    ['deep object', json('POST', '/users', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000))],
    ['2 MB body', json('POST', '/users', JSON.stringify({ name: 'x'.repeat(2_000_000) }))],
    ['__proto__', json('POST', '/users', '{"__proto__":{"admin":true},"email":"a@b.co","name":"ab","password":"x"}')],
    ['constructor.prototype', json('PATCH', `/users/${userId}`, '{"constructor":{"prototype":{"admin":true}}}')],
    ['wrong types', json('POST', '/users', '{"email":["a@b.co"],"name":{"$gt":""},"password":12345678}')],
    ['invalid UTF-8 body', json('POST', '/users', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]))],
    ['UTF-16 BOM body', json('POST', '/users', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]))],
    ['text/plain body', httpBytes('POST', '/users', { 'Content-Type': 'text/plain' }, 'hello')],
    ['form body', httpBytes('POST', '/users', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=%zz&b')],
    ['bad multipart', httpBytes('POST', '/users', { 'Content-Type': 'multipart/form-data; boundary=' }, '--\r\n')],
    ['charset utf-7', json('POST', '/users', '{}', { 'Content-Type': 'application/json; charset=utf-7' })],
    ['unknown content-encoding', json('POST', '/users', '{}', { 'Content-Encoding': 'gzip' })],
    ['lone %', httpBytes('GET', '/users/%')],
    ['bad %zz', httpBytes('GET', '/users/%zz')],
    ['truncated UTF-8 escape', httpBytes('GET', '/users/%E0%A4%A')],
    ['overlong UTF-8 escape', httpBytes('GET', '/%c0%af%c0%af/etc/passwd')],
    ['encoded NUL', httpBytes('GET', '/users/%00')],
    ['bad % in query', httpBytes('GET', '/users?page=%&limit=%zz&%=1')],
    ['query array', httpBytes('GET', '/users?page[]=1&page[]=2&limit[a]=1')],
    ['query prototype', httpBytes('GET', '/users?__proto__[admin]=1&constructor[prototype][x]=1')],
    ['raw NUL in path', httpBytes('GET', '/users/\0')],
    ['raw space in path', httpBytes('GET', '/users/a b')],
    ['absolute-form target', httpBytes('GET', 'http://evil.example/users')],
    ['asterisk target', httpBytes('OPTIONS', '*')],
    ['dot segments', httpBytes('GET', '/../../../../etc/passwd')],
    ['100 KB header', httpBytes('GET', '/', { 'X-Big': 'a'.repeat(100_000) })],
    [
      '2,000 headers',
      httpBytes('GET', '/', Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`X-H${i}`, 'v']))),
    ],
    ['100 KB URL', httpBytes('GET', `/users?q=${'a'.repeat(100_000)}`)],
    [
      'huge content-length',
      httpBytes('POST', '/users', { 'Content-Type': 'application/json', 'Content-Length': '99999999999' }, '{}'),
    ],
    ['negative content-length', httpBytes('POST', '/users', { 'Content-Length': '-1' }, '{}')],
    ['CL + TE', httpBytes('POST', '/users', { 'Content-Length': '4', 'Transfer-Encoding': 'chunked' }, '0\r\n\r\n')],
    [
      'bad chunk size',
      httpBytes(
        'POST',
        '/users',
        { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        'zz\r\n{}\r\n0\r\n\r\n',
      ),
    ],
    ['two content-lengths', httpBytes('POST', '/users', { 'Content-Length': '2', 'content-length': '3' }, '{}')],
    ['unknown method', httpBytes('FOO', '/')],
    ['TRACE', httpBytes('TRACE', '/')],
    ['DELETE with bad id', httpBytes('DELETE', `/users/${"1' OR '1'='1"}`.replace(/ /g, '%20'))],
    ['bad HTTP version', Buffer.from('GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n')],
    ['no Host header', Buffer.from('GET / HTTP/1.1\r\nConnection: close\r\n\r\n')],
    ['header without colon', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nbroken header\r\nConnection: close\r\n\r\n')],
    ['bare LF', Buffer.from('GET / HTTP/1.1\nHost: x\nConnection: close\n\n')],
    ['binary garbage', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256))],
    ['x-request-id injection', httpBytes('GET', '/', { 'X-Request-Id': '"},{"level":60,"msg":"forged' })],
    ['authorization garbage', httpBytes('GET', '/users', { Authorization: 'Bearer \u00ff\u00fe', Cookie: ';;;=;=' })],
  ];
  for (const [name, bytes] of special) cases.push({ name, bytes });
  return cases;
}

describe.each(['express', 'fastify'])('hostile input on %s', (adapter) => {
  let app: App | undefined;
  let userId = '';

  beforeAll(async () => {
    ensureExampleBuilt();
    app = await startApp({ HTTP_ADAPTER: adapter, LOG_LEVEL: 'info', BALLAST_TEST_CANARY: ENV_CANARY });
    await waitUntil200(app);
    const created = await send(`${app.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `hostile-${adapter}@example.com`, name: 'Hostile Test', password: PASSWORD }),
    });
    expect(created.status).toBe(201);
    userId = JSON.parse(created.text).id;
  }, 120_000);
  afterAll(() => kill(app));

  it('answers every client fault below 500, leaks nothing, and stays alive', async () => {
    const cases = corpus(userId);
    const serverErrors: string[] = [];
    const leaked: string[] = [];
    const statuses = new Map<number, number>();
    const noAnswer: string[] = [];
    await pool(cases, 6, async ({ name, bytes, input }) => {
      const { status, text } = await rawRequest(app!.port, bytes, 5000);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) serverErrors.push(`${name}: ${status} ${text.slice(0, 300)}`);
      // An input echoed back (a validation message naming a rejected property) is not a leak: only what the
      // request itself did not carry counts.
      const sent = leaks(`${bytes.toString('utf8')}\n${input ?? ''}`);
      const found = leaks(text).filter((kind) => !sent.includes(kind));
      if (status === 0) noAnswer.push(name);
      if (found.length) leaked.push(`${name}: ${found.join(', ')}: ${text.slice(0, 300)}`);
    });
    const live = await get(`${app!.url}/health/live`, 5000);
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s === 0 ? 'no answer' : s} ×${n}`);
    console.log(
      `hostile-input (${adapter}): ${serverErrors.length} 5xx, ${leaked.length} leaks / ${count(cases.length)} requests ` +
        `(${naughty.length} naughty strings × 7 places + ${cases.length - naughty.length * 7} protocol cases; ` +
        `${byStatus.join(', ')}${noAnswer.length ? ` [no answer: ${noAnswer.join(', ')}]` : ''}); process ${app!.alive() ? 'alive' : 'DEAD'}, /health/live ${live}`,
    );
    expect(serverErrors).toEqual([]);
    expect(leaked).toEqual([]);
    expect(app!.alive()).toBe(true);
    expect(live).toBe(200);
  }, 180_000);
});
