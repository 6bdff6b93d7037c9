import type { Logger } from '@nestjs/common';
import { PendingDeletes } from './pending-deletes.js';

function setup(max?: number) {
  const warnings: string[] = [];
  const logs: string[] = [];
  const logger = { warn: (m: string) => warnings.push(m), log: (m: string) => logs.push(m) } as unknown as Logger;
  const pending = new PendingDeletes({ label: 'cache "default"', logger, max }, 'ns:default:v:');
  return { pending, warnings, logs };
}

describe('PendingDeletes (deletes waiting for Redis)', () => {
  it('keeps each key once and names it in one warning', () => {
    const { pending, warnings } = setup();
    pending.addKeys(['ns:default:v:a', 'ns:default:v:b'], 'no answer within 100 ms');
    pending.addKeys(['ns:default:v:a'], 'circuit breaker open');
    expect(pending.size).toBe(2);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('"ns:default:v:a"');
    expect(warnings[0]).toContain('no answer within 100 ms');
    expect(pending.covers('ns:default:v:a')).toBe(true);
    expect(pending.covers('ns:default:v:c')).toBe(false);
  });

  it('covers the keys under a pending prefix, and every key while a tag waits', () => {
    const { pending } = setup();
    pending.addKeys(['ns:default:v:user:1'], 'x');
    pending.addPrefix('ns:default:v:user:', 'x');
    expect(pending.size).toBe(1); // the key is inside the prefix
    expect(pending.covers('ns:default:v:user:2')).toBe(true);
    expect(pending.covers('ns:default:v:order:1')).toBe(false);
    pending.addTags(['users'], 'x');
    expect(pending.covers('ns:default:v:order:1')).toBe(true);
  });

  it('is bounded: beyond max it clears the whole cache on replay, with one warning', () => {
    const { pending, warnings } = setup(3);
    pending.addKeys(['ns:default:v:1', 'ns:default:v:2', 'ns:default:v:3', 'ns:default:v:4', 'ns:default:v:5'], 'x');
    expect(pending.size).toBe(1);
    expect(pending.snapshot()).toEqual({ keys: [], prefixes: ['ns:default:v:'], tags: [] });
    expect(warnings.filter((w) => w.includes('more than 3 deletes'))).toHaveLength(1);
    expect(pending.covers('ns:default:v:anything')).toBe(true);
  });

  it('forgets what was replayed, and says so once everything was', () => {
    const { pending, logs } = setup();
    pending.addKeys(['ns:default:v:a'], 'x');
    pending.addTags(['t'], 'x');
    pending.done({ keys: ['ns:default:v:a'] });
    expect(logs).toHaveLength(0);
    pending.done({ tags: ['t'] });
    expect(pending.size).toBe(0);
    expect(logs[0]).toContain('replayed');
  });
});
