import { sleep } from '@ballast/test-support';
import type { HealthContributor } from '@ballast/kernel';
import { Injectable, Module } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import {
  BallastCache,
  BallastCacheModule,
  CACHE_HEALTH_CONTRIBUTORS,
  Cacheable,
  CacheEvict,
  CacheService,
  InjectCache,
  type CacheModuleOptions,
} from '../src/index.js';
import { Money } from './fixtures/money.js';
import { storeCases, uniqueNamespace } from './fixtures/stores.js';

@Injectable()
class UsersService {
  loads = 0;
  name = 'Ada';

  @Cacheable({ key: (id: string) => `user:${id}`, tags: ['users'] })
  async findOne(id: string): Promise<{ id: string; name: string }> {
    this.loads++;
    return { id, name: this.name };
  }

  @Cacheable({ cache: 'short' })
  async search(query: { q: string; page: number }): Promise<string> {
    this.loads++;
    return `${query.q}:${query.page}`;
  }

  @CacheEvict({ keys: (id: string) => `user:${id}` })
  async rename(_id: string, name: string): Promise<void> {
    this.name = name;
  }

  @CacheEvict({ tags: ['users'] })
  async renameAll(name: string): Promise<void> {
    this.name = name;
  }
}

@Injectable()
class NamedConsumer {
  constructor(
    @InjectCache('short') readonly short: BallastCache,
    @InjectCache() readonly byDefault: BallastCache,
  ) {}
}

async function boot(options: CacheModuleOptions, withConsumers = true): Promise<INestApplicationContext> {
  @Module({
    imports: [BallastCacheModule.forRoot(options)],
    providers: withConsumers ? [UsersService, NamedConsumer] : [],
  })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

describe.each(storeCases())('cache behaviour on $name', ({ options: store }) => {
  let app: INestApplicationContext;
  let cache: CacheService;
  const namespace = uniqueNamespace();

  beforeAll(async () => {
    app = await boot({ ...store, namespace, ttlMs: 10_000, caches: { short: { ttlMs: 400 } } });
    cache = app.get(CacheService);
  });
  afterAll(async () => {
    await cache.clear();
    await cache.cache('short').clear();
    await app.close();
  });

  it('returns what went in, and undefined on a miss', async () => {
    const value = { id: 1, tags: ['a', 'b'], nested: { n: null, ok: true, x: 1.5 } };
    await cache.set('k:obj', value);
    expect(await cache.get('k:obj')).toEqual(value);
    await cache.set('k:zero', 0);
    await cache.set('k:null', null);
    await cache.set('k:str', 'text');
    expect(await cache.get('k:zero')).toBe(0);
    expect(await cache.get('k:null')).toBeNull();
    expect(await cache.get('k:str')).toBe('text');
    expect(await cache.get('k:absent')).toBeUndefined();
    await cache.del('k:obj');
    expect(await cache.get('k:obj')).toBeUndefined();
  });

  it('expires entries after their ttl', async () => {
    await cache.set('ttl', 'soon gone', { ttlMs: 300 });
    expect(await cache.get('ttl')).toBe('soon gone');
    await sleep(700);
    expect(await cache.get('ttl')).toBeUndefined();
  });

  it('keeps named caches apart and applies each one its ttl', async () => {
    const consumer = app.get(NamedConsumer);
    await consumer.short.set('same', 'short');
    await consumer.byDefault.set('same', 'default');
    expect(await consumer.short.get('same')).toBe('short');
    expect(await cache.get('same')).toBe('default');
    await sleep(800);
    expect(await consumer.short.get('same')).toBeUndefined();
    expect(await cache.get('same')).toBe('default');
  });

  it('escapes separators: keys that look alike never collide', async () => {
    await cache.set('a:b', 1);
    await cache.set('a\\:b', 2);
    await cache.set('a', 3);
    expect([await cache.get('a:b'), await cache.get('a\\:b'), await cache.get('a')]).toEqual([1, 2, 3]);
  });

  it('invalidates by prefix, and only that prefix', async () => {
    await cache.set('user:1', 'u1');
    await cache.set('user:2', 'u2');
    await cache.set('users-list', 'all');
    await cache.set('order:1', 'o1');
    expect(await cache.invalidatePrefix('user:')).toBe(2);
    expect(await cache.get('user:1')).toBeUndefined();
    expect(await cache.get('user:2')).toBeUndefined();
    expect(await cache.get('users-list')).toBe('all');
    expect(await cache.get('order:1')).toBe('o1');
  });

  it('invalidates by tag', async () => {
    await cache.set('p:1', 'one', { tags: ['products', 'featured'] });
    await cache.set('p:2', 'two', { tags: ['products'] });
    await cache.set('p:3', 'three', { tags: ['other'] });
    expect(await cache.invalidateTags('featured')).toBe(1);
    expect(await cache.get('p:1')).toBeUndefined();
    expect(await cache.get('p:2')).toBe('two');
    await cache.invalidateTags(['products']);
    expect(await cache.get('p:2')).toBeUndefined();
    expect(await cache.get('p:3')).toBe('three');
  });

  it('runs the loader once for 1,000 concurrent misses of one key', async () => {
    let calls = 0;
    const loader = async () => {
      calls++;
      await sleep(50);
      return { loaded: true };
    };
    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.wrap('stampede', loader)));
    expect(calls).toBe(1);
    expect(results.every((r) => r.loaded)).toBe(true);
    expect(await cache.wrap('stampede', loader)).toEqual({ loaded: true });
    expect(calls).toBe(1);
  });

  it('gives a loader error to every waiter and does not cache it', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      await sleep(20);
      throw new Error('source down');
    };
    const settled = await Promise.allSettled(Array.from({ length: 20 }, () => cache.wrap('fails', failing)));
    expect(calls).toBe(1);
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'source down')).toBe(true);
    expect(await cache.wrap('fails', async () => 'recovered')).toBe('recovered');
  });

  it('refreshes ahead: serves the cached value while one background refresh runs', async () => {
    let version = 0;
    const loader = async () => {
      version++;
      await sleep(30);
      return `v${version}`;
    };
    expect(await cache.wrap('ahead', loader, { ttlMs: 1_000, refreshAheadMs: 800 })).toBe('v1');
    await sleep(300); // now within 800 ms of expiry
    const served = await Promise.all(
      [1, 2, 3].map(() => cache.wrap('ahead', loader, { ttlMs: 1_000, refreshAheadMs: 800 })),
    );
    expect(served).toEqual(['v1', 'v1', 'v1']);
    await sleep(300);
    expect(version).toBe(2);
    expect(await cache.get('ahead')).toBe('v2');
  });

  it('caches @Cacheable methods and evicts with @CacheEvict (by key and by tag)', async () => {
    const users = app.get(UsersService);
    users.loads = 0;
    users.name = 'Ada';
    expect(await users.findOne('7')).toEqual({ id: '7', name: 'Ada' });
    expect(await users.findOne('7')).toEqual({ id: '7', name: 'Ada' });
    expect(users.loads).toBe(1);
    await users.rename('7', 'Grace');
    expect(await users.findOne('7')).toEqual({ id: '7', name: 'Grace' });
    expect(users.loads).toBe(2);
    await users.renameAll('Linus');
    expect(await users.findOne('7')).toEqual({ id: '7', name: 'Linus' });
    expect(users.loads).toBe(3);
    // Default key: class, method and arguments (object keys in any order); named cache 'short'.
    expect(await users.search({ q: 'x', page: 1 })).toBe('x:1');
    expect(await users.search({ page: 1, q: 'x' } as never)).toBe('x:1');
    expect(users.loads).toBe(4);
  });

  it('shares its stores with CACHE_MANAGER from @nestjs/cache-manager', async () => {
    const manager = app.get<Cache>(CACHE_MANAGER);
    expect(manager).toBe(cache.manager);
    await cache.set('shared', { via: 'service' });
    expect(await manager.get(cache.key('shared'))).toEqual({ via: 'service' });
    expect(await manager.get('shared')).toEqual({ via: 'service' });
    await manager.set('from-manager', { via: 'manager' }, 5_000);
    expect(await cache.get('from-manager')).toEqual({ via: 'manager' });
  });

  it('counts hits and misses', async () => {
    const before = cache.stats();
    await cache.set('counted', 1);
    await cache.get('counted');
    await cache.get('counted-missing');
    const after = cache.stats();
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);
    expect(after.errors).toBe(0);
    expect(after.circuit).toBe('closed');
  });

  it('contributes one health check per cache, with a real round trip', async () => {
    const contributors = app.get<HealthContributor[]>(CACHE_HEALTH_CONTRIBUTORS);
    expect(contributors.map((c) => c.name)).toEqual(['cache', 'cache:short']);
    expect(contributors[0].critical).toBe(store.store === 'memory');
    const result = await contributors[0].check();
    expect(result.up).toBe(true);
  });

  if (store.store === 'memory') {
    it('never hands out a shared mutable reference (copied on write and on read)', async () => {
      const input = { list: [1, 2], money: new Money(5, 'EUR') };
      await cache.set('mutable', input);
      input.list.push(3);
      const read = await cache.get<typeof input>('mutable');
      expect(read!.list).toEqual([1, 2]);
      read!.list.push(4);
      expect((await cache.get<typeof input>('mutable'))!.list).toEqual([1, 2]);
      expect(read!.money).toBeInstanceOf(Money);
      expect(read!.money.format()).toBe('5 EUR');
    });

    it('is bounded: the LRU evicts beyond max entries', async () => {
      const small = await boot({ namespace: uniqueNamespace(), max: 3 }, false);
      try {
        const c = small.get(CacheService);
        for (const k of ['a', 'b', 'c', 'd']) await c.set(k, k);
        expect(await c.get('a')).toBeUndefined();
        expect(await c.get('d')).toBe('d');
        expect(c.stats().memoryEntries).toBe(3);
      } finally {
        await small.close();
      }
    });
  } else {
    it('round-trips JSON through Redis: Dates come back as ISO strings, class instances as plain objects', async () => {
      await cache.set('json', { when: new Date(0), money: new Money(5, 'EUR') });
      // Tiered reads L1 first; read the Redis copy through CACHE_MANAGER's last store.
      const redis = cache.manager.stores[cache.manager.stores.length - 1];
      const raw = (await redis.get(cache.key('json'))) as any;
      expect(raw).toEqual({ when: '1970-01-01T00:00:00.000Z', money: { amount: 5, currency: 'EUR' } });
    });

    it('clear() removes this cache only, never other keys of the database', async () => {
      const other = await boot({ ...store, namespace: uniqueNamespace('other') }, false);
      try {
        const otherCache = other.get(CacheService);
        await otherCache.set('keep', 'me');
        await cache.set('drop', 'me');
        await cache.clear();
        expect(await cache.get('drop')).toBeUndefined();
        expect(await otherCache.get('keep')).toBe('me');
      } finally {
        await other.get(CacheService).clear();
        await other.close();
      }
    });
  }
});
