import { closestName, editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['ttl', 'ttl', 0],
    ['ttl', 'tl', 1],
    ['drainTimeout', 'drainTimeoutMs', 2],
    ['tlt', 'ttl', 1], // a swap of neighbours is one edit
    ['redis', 'REDIS', 5],
    ['kitten', 'sitting', 3],
  ])('%j → %j is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('closestName', () => {
  const options = ['ttl', 'l1TtlMs', 'drainTimeoutMs', 'hookTimeoutMs', 'signals'];

  it('finds the same name in another case first', () => {
    expect(closestName('DRAINTIMEOUTMS', options)).toBe('drainTimeoutMs');
  });

  it('finds a near name, within 1 edit for short names and 2 for longer ones', () => {
    expect(closestName('tll', options)).toBe('ttl');
    expect(closestName('drainTimeout', options)).toBe('drainTimeoutMs');
    expect(closestName('signal', options)).toBe('signals');
    expect(closestName('xyz', options)).toBeUndefined();
    expect(closestName('timeout', options)).toBeUndefined();
  });

  it('accepts a wider distance when asked', () => {
    expect(closestName('hookTimeout', options, 1)).toBeUndefined();
    expect(closestName('hookTimeout', options, 2)).toBe('hookTimeoutMs');
  });
});
