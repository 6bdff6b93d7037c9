import { snapshot } from './protect.js';

class Money {
  constructor(
    readonly amount: number,
    readonly currency: string,
  ) {}
  format(): string {
    return `${this.amount} ${this.currency}`;
  }
}

describe('snapshot (copy and freeze on write)', () => {
  it('returns an equal, deeply frozen copy', () => {
    const input = { a: 1, list: [{ b: 2 }], nested: { c: 'x' }, when: new Date(0) };
    const out = snapshot(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.list[0])).toBe(true);
    expect(out.when).toEqual(new Date(0));
    input.list[0].b = 99;
    expect(out.list[0].b).toBe(2);
    expect(Object.isFrozen(input)).toBe(false);
  });

  it('keeps class instances (prototype and methods) and handles cycles', () => {
    const money = snapshot(new Money(3, 'EUR'));
    expect(money).toBeInstanceOf(Money);
    expect(money.format()).toBe('3 EUR');
    const cyclic: any = { name: 'loop' };
    cyclic.self = cyclic;
    const out = snapshot(cyclic);
    expect(out.self).toBe(out);
  });

  it('passes primitives through', () => {
    expect(snapshot(5)).toBe(5);
    expect(snapshot(null)).toBe(null);
    expect(snapshot('s')).toBe('s');
  });
});
