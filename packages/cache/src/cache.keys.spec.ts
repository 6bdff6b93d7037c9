import { escapeGlob, escapeKeyPart, keyLayout } from './cache.keys.js';

describe('key layout', () => {
  it('cannot make two different (namespace, cache, key) triples collide', () => {
    const full = (ns: string, cache: string, key: string) => keyLayout(ns, cache).values + key;
    const triples: [string, string, string][] = [
      ['a', 'b', 'c:d'],
      ['a:b', 'c', 'd'],
      ['a', 'b:c', 'd'],
      ['a', 'b', 'c\\:d'],
      ['a\\', 'b', 'c:d'],
      ['a', 'b', 'v:c:d'],
      ['a', 'b:v', 'c:d'],
      ['a:b:v', 'c', 'd'],
    ];
    const keys = triples.map((t) => full(...t));
    expect(new Set(keys).size).toBe(triples.length);
  });

  it('leaves ordinary keys untouched and escapes glob characters for SCAN', () => {
    expect(escapeKeyPart('user-42')).toBe('user-42');
    expect(escapeKeyPart('user:42')).toBe('user\\:42');
    expect(escapeGlob('a*b?[c]\\')).toBe('a\\*b\\?\\[c\\]\\\\');
  });
});
