import { describeValue } from './describe-value.js';

describe('describeValue', () => {
  it('shows scalars as written and strings quoted', () => {
    expect(describeValue('5s')).toBe('"5s"');
    expect(describeValue(-1)).toBe('-1');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue(Symbol('x'))).toBe('a symbol');
    expect(describeValue(() => 1)).toBe('a function');
  });

  it('shows only the start of a long string', () => {
    expect(describeValue('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
    expect(describeValue('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
  });

  it('never prints what an object holds: only its kind', () => {
    class RedisClient {
      password = 'hunter2';
    }
    const described = [{ password: 'hunter2' }, ['hunter2'], new RedisClient(), new Date(0), /x/, Object.create(null)]
      .map(describeValue)
      .join(' | ');
    expect(described).toBe('an object | an array | an instance of RedisClient | a Date | a RegExp | an object');
    expect(described).not.toContain('hunter2');
  });
});
