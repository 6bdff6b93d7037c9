import { escapeControlCharacters, escapeLineSeparators } from './escape.js';
import { createNestedRedactor } from './redact-nested.js';
import { redactQuery } from './redact-query.js';
import { defaultSensitiveKeys, spellings } from './sensitive-keys.js';

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
  const redact = createNestedRedactor(new Set(['password', 'authorization']), '[R]', new Set(['req']));

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
