import { createPathMatcher, isPathRule } from './path-matcher.js';

describe('createPathMatcher', () => {
  const ignores = createPathMatcher(['/health', '/orders/1/', /^\/echo\//]);

  it.each([
    ['/health', true],
    ['/health/', true],
    ['/health/ready', true],
    ['/health/ready?verbose=1', true],
    ['/health/live/', true],
    ['/orders/1', true],
    ['/orders/1/items', true],
    ['/echo/x', true],
    ['/healthz', false],
    ['/api/health/ready', false],
    ['/orders/10', false],
    ['/echo', false],
    ['/', false],
    ['/?/health', false],
  ])('%s → %s', (url, expected) => {
    expect(ignores(url)).toBe(expected);
  });

  it("matches everything with '/', and nothing with no rules", () => {
    expect(createPathMatcher(['/'])('/anything/at/all')).toBe(true);
    expect(createPathMatcher([])('/health')).toBe(false);
  });

  it('is not fooled by a global RegExp keeping its lastIndex', () => {
    const matcher = createPathMatcher([/^\/a/g]);
    expect([matcher('/a'), matcher('/a'), matcher('/a')]).toEqual([true, true, true]);
  });

  it('accepts paths starting with / and RegExps as rules', () => {
    expect([isPathRule('/x'), isPathRule(/x/), isPathRule('x'), isPathRule(1)]).toEqual([true, true, false, false]);
  });
});
