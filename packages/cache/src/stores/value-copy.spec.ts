import { copyValue } from './value-copy.js';

class Money {
  constructor(
    public amount: number,
    readonly currency: string,
  ) {}
  format(): string {
    return `${this.amount} ${this.currency}`;
  }
}

describe('copyValue (the copy made on write and on every read)', () => {
  it('returns an equal, independent and mutable deep copy', () => {
    const input = { a: 1, list: [{ b: 2 }], nested: { c: 'x' }, when: new Date(0), tags: new Set(['t']) };
    const out = copyValue(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(Object.isFrozen(out)).toBe(false);
    expect(Object.isFrozen(out.list)).toBe(false);
    expect(Object.isFrozen(out.list[0])).toBe(false);
    expect(out.when).toEqual(new Date(0));
    input.list[0].b = 99;
    input.when.setTime(5);
    input.tags.add('u');
    expect(out.list[0].b).toBe(2);
    expect(out.when.getTime()).toBe(0);
    expect([...out.tags]).toEqual(['t']);
    out.nested.c = 'changed';
    expect(input.nested.c).toBe('x');
  });

  it('keeps class instances (prototype and methods) and handles cycles', () => {
    const money = copyValue(new Money(3, 'EUR'));
    expect(money).toBeInstanceOf(Money);
    expect(money.format()).toBe('3 EUR');
    money.amount = 4;
    expect(money.format()).toBe('4 EUR');
    const cyclic: any = { name: 'loop' };
    cyclic.self = cyclic;
    const out = copyValue(cyclic);
    expect(out.self).toBe(out);
    expect(out).not.toBe(cyclic);
  });

  it('passes primitives through', () => {
    expect(copyValue(5)).toBe(5);
    expect(copyValue(null)).toBe(null);
    expect(copyValue('s')).toBe('s');
  });
});
