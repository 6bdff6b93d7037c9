import { escapeControlCharacters, escapeLineSeparators } from './escape.js';
import { createNestedRedactor, MAX_REDACT_NODES, Redactor } from './redact-nested.js';
import { redactQuery } from './redact-query.js';
import { redactString } from './redact-string.js';
import { createKeyMatcher, defaultSensitiveKeys, spellings } from './sensitive-keys.js';

describe('sensitive keys', () => {
  it('generates the common spellings of a name', () => {
    expect(spellings(['api', 'key']).sort()).toEqual(
      ['apikey', 'apiKey', 'ApiKey', 'api_key', 'api-key', 'Api-Key', 'APIKEY', 'API_KEY'].sort(),
    );
    expect(defaultSensitiveKeys()).toEqual(expect.arrayContaining(['x-api-key', 'X-Api-Key', 'client_secret']));
  });
});

describe('redactQuery', () => {
  const names = new Set(['token', 'api_key', 'password']);
  it('replaces values of sensitive names, case-insensitively, and keeps the rest', () => {
    expect(redactQuery('token=abc&page=2&API_KEY=xyz', names, '[R]')).toBe('token=[R]&page=2&API_KEY=[R]');
  });
  it('handles encoded and bracketed names, and names without values', () => {
    expect(redactQuery('to%6Ben=abc&user[password]=p&token', names, '[R]')).toBe(
      'to%6Ben=[R]&user[password]=[R]&token=[R]',
    );
  });
  it('returns the same string when nothing matches', () => {
    const query = 'a=1&b=%ZZ';
    expect(redactQuery(query, names, '[R]')).toBe(query);
  });
});

describe('createNestedRedactor', () => {
  const redact = createNestedRedactor(
    new Redactor(createKeyMatcher(['password', 'authorization'], false), '[R]'),
    new Set(['req']),
  );

  it('redacts nested keys at any depth, in arrays too, without mutating the input', () => {
    const line = {
      msg: 'x',
      body: { user: { name: 'ada', password: 'p1' }, list: [{ password: 'p2' }, 'plain'] },
      headers: { authorization: 'Bearer t' },
    };
    const snapshot = JSON.stringify(line);
    expect(redact(line)).toEqual({
      msg: 'x',
      body: { user: { name: 'ada', password: '[R]' }, list: [{ password: '[R]' }, 'plain'] },
      headers: { authorization: '[R]' },
    });
    expect(JSON.stringify(line)).toBe(snapshot);
  });

  it('returns the very same object when there is nothing to redact, and skips serialized keys', () => {
    const line = { userId: 1, order: { id: 2 }, req: { headers: { authorization: 'left to the req serializer' } } };
    expect(redact(line)).toBe(line);
  });

  it('stops at a bounded depth on cyclic objects', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(() => redact({ a })).not.toThrow();
  });
});

describe('Redactor', () => {
  const redactor = new Redactor(createKeyMatcher(defaultSensitiveKeys(), true), '[R]');

  it('redacts names by pattern, and keeps numbers and booleans of pattern-only names', () => {
    const input = {
      newPassword: 'a',
      passwordHash: 'b',
      'x-auth-token': 'c',
      secretAccessKey: 'd',
      sessionId: 'e',
      maxTokens: 100,
      passwordResetRequired: true,
      credentials: { user: 'u', pass: 'f' },
      sig: 'g',
      name: 'ada',
    };
    expect(redactor.redact(input)).toEqual({
      newPassword: '[R]',
      passwordHash: '[R]',
      'x-auth-token': '[R]',
      secretAccessKey: '[R]',
      sessionId: '[R]',
      maxTokens: 100,
      passwordResetRequired: true,
      credentials: '[R]',
      sig: '[R]',
      name: 'ada',
    });
  });

  it('redacts URL passwords and sensitive query parameters inside strings', () => {
    const match = createKeyMatcher(defaultSensitiveKeys(), true);
    expect(redactString('postgres://app:s3cret@db:5432/orders failed', match, '[R]')).toBe(
      'postgres://app:[R]@db:5432/orders failed',
    );
    expect(redactString('GET https://cdn.example.com/f.png?sig=abc&w=2&X-Amz-Signature=def', match, '[R]')).toBe(
      'GET https://cdn.example.com/f.png?sig=[R]&w=2&X-Amz-Signature=[R]',
    );
    const plain = 'why? because a=b';
    expect(redactString(plain, match, '[R]')).toBe(plain);
  });

  it('reaches any depth, and replaces what is deeper than the limit instead of writing it unread', () => {
    let deep: Record<string, unknown> = { password: 'p', keep: 1 };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    expect(JSON.stringify(redactor.redact(deep))).toContain('"password":"[R]","keep":1');
    let deeper: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 200; i++) deeper = { next: deeper };
    expect(JSON.stringify(redactor.redact(deeper))).not.toContain('"p"');
  });

  it('bounds the cost of a huge value: past the budget, objects and strings are censored', () => {
    const items = Array.from({ length: MAX_REDACT_NODES * 2 }, (_, i) => ({ i, note: `n${i}` }));
    const redacted = redactor.redact({ items }) as { items: unknown[] };
    expect(redacted.items[0]).toEqual({ i: 0, note: 'n0' });
    expect(redacted.items.at(-1)).toBe('[R]');
  });

  it('walks Errors: own fields, cause, config and response', () => {
    const cause = Object.assign(new Error('socket'), { headers: { cookie: 'c' } });
    const err = Object.assign(new Error('failed', { cause }), {
      config: { headers: { Authorization: 'Bearer t' }, url: 'https://x.test/a?token=t' },
      response: { data: { password: 'p', ok: false } },
    });
    const out = JSON.stringify(redactor.redact({ upstream: err }));
    expect(out).toContain('"message":"failed"');
    expect(out).not.toMatch(/Bearer t|"p"|token=t|"c"/);
  });
});

describe('escaping', () => {
  it('escapes control characters and line separators for pretty output', () => {
    expect(escapeControlCharacters('a\nb\rc\u001b[31md\u2028e\tf')).toBe('a\\nb\\rc\\u001b[31md\\u2028e\tf');
  });
  it('escapes U+2028/U+2029 in JSON lines, which stay valid JSON', () => {
    const line = JSON.stringify({ msg: 'a\u2028b\u2029c' });
    const escaped = escapeLineSeparators(line);
    expect(escaped).toBe('{"msg":"a\\u2028b\\u2029c"}');
    expect(JSON.parse(escaped).msg).toBe('a\u2028b\u2029c');
    const plain = '{"msg":"ok"}';
    expect(escapeLineSeparators(plain)).toBe(plain);
  });
});
