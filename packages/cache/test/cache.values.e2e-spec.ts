import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describeWithService, serviceUrl } from '@ballast/test-support';
import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BallastCacheModule, Cacheable, CacheEvict, CacheService, type CacheStoreOptions } from '../src/index.js';
import { Money } from './fixtures/money.js';
import { storeCases, uniqueNamespace } from './fixtures/stores.js';

// One value policy for every store and every read: each read (a first read from Redis, later L1 reads, the value
// wrap() returns on a miss and on a hit) is the caller's own mutable value; changing it changes nothing for the next
// reader. Memory keeps class prototypes; Redis values are JSON (plain objects).

interface Order {
  id: number;
  lines: { sku: string; qty: number }[];
  total: Money;
}

const order = (): Order => ({ id: 1, lines: [{ sku: 'a', qty: 1 }], total: new Money(5, 'EUR') });

async function boot(options: CacheStoreOptions & { namespace: string }, providers: unknown[] = []) {
  @Module({ imports: [BallastCacheModule.forRoot({ ttlMs: 30_000, ...options })], providers: providers as never })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

/** Mutates every level of an order the way callers do (push, assign, nested assign). */
function scribble(value: Order): void {
  value.id = 99;
  value.lines.push({ sku: 'z', qty: 9 });
  value.lines[0].qty = 42;
  value.total.amount = 1_000;
}

function expectPristine(value: Order | undefined): void {
  expect(value).toBeDefined();
  expect(value!.id).toBe(1);
  expect(value!.lines).toEqual([{ sku: 'a', qty: 1 }]);
  expect(value!.total.amount).toBe(5);
}

describe.each(storeCases())('cached values on $name', ({ name, options }) => {
  const namespace = uniqueNamespace('values');
  let writer: INestApplicationContext;
  // For Redis-backed stores a second instance: its first read of a key comes from Redis (L2), later ones from L1.
  let reader: INestApplicationContext;

  beforeAll(async () => {
    writer = await boot({ ...options, namespace });
    reader = name === 'memory' ? writer : await boot({ ...options, namespace });
  });
  afterAll(async () => {
    await writer?.get(CacheService).clear();
    await writer?.close();
    if (reader !== writer) await reader?.close();
  });

  it('every get is mutable and isolated: first read, later reads, the written object', async () => {
    const written = order();
    await writer.get(CacheService).set('order', written);
    scribble(written);
    const cache = reader.get(CacheService);
    for (let read = 0; read < 3; read++) {
      const value = await cache.get<Order>('order');
      expectPristine(value);
      expect(Object.isFrozen(value)).toBe(false);
      scribble(value!); // must not throw, and must not leak into the next read
    }
    // The writer's own reads (L1 of the writer for tiered) too.
    const own = await writer.get(CacheService).get<Order>('order');
    expectPristine(own);
    scribble(own!);
    expectPristine(await writer.get(CacheService).get<Order>('order'));
  });

  it('wrap: every hit is the caller’s own (first read from Redis, later ones from L1)', async () => {
    await reader.get(CacheService).wrap('wrapped', order);
    const cache = (name === 'memory' ? reader : writer).get(CacheService);
    for (let read = 0; read < 3; read++) {
      const hit = await cache.wrap<Order>('wrapped', () => {
        throw new Error('loader called on a hit');
      });
      expectPristine(hit);
      scribble(hit);
    }
  });

  it('wrap: the miss result is the caller’s own', async () => {
    const missed = await reader.get(CacheService).wrap('missed', order);
    scribble(missed);
    // Read by another instance for Redis-backed stores (the reader's own in-flight load is the case below).
    const cache = (name === 'memory' ? reader : writer).get(CacheService);
    for (let read = 0; read < 2; read++) {
      const hit = await cache.wrap<Order>('missed', () => {
        throw new Error('loader called on a hit');
      });
      expectPristine(hit);
      scribble(hit);
    }
  });

  // Known gap, outside the stores: callers that join one in-flight load of this process (stampede protection; for
  // Redis-backed stores the key stays in flight until Redis acknowledged the write) all get the loader's one object,
  // so one caller's change is seen by the others. The fix belongs to BallastCache.load() (hand each joining caller
  // its own copy with protectValues); remove `.failing` then.
  it('wrap: callers sharing one in-flight load get values of their own', async () => {
    const cache = reader.get(CacheService);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = cache.wrap('shared', async () => {
      await gate;
      return order();
    });
    const second = cache.wrap<Order>('shared', () => {
      throw new Error('a second load ran');
    });
    release();
    const [a, b] = await Promise.all([first, second]);
    scribble(a);
    expectPristine(b);
  });

  if (name === 'memory') {
    it('memory keeps the class of a value, on every read', async () => {
      const cache = writer.get(CacheService);
      await cache.set('money', new Money(3, 'EUR'));
      const first = await cache.get<Money>('money');
      const second = await cache.get<Money>('money');
      expect(first).toBeInstanceOf(Money);
      expect(first).not.toBe(second);
      first!.amount = 4;
      expect(first!.format()).toBe('4 EUR');
      expect(second!.format()).toBe('3 EUR');
    });
  }
});

// A real ORM on a real database: entities read from the cache can be changed, saved and removed.
describeWithService('DATABASE_URL')('TypeORM entities from the cache (PostgreSQL)', () => {
  const table = `cache_values_users_${randomBytes(4).toString('hex')}`;

  @Entity({ name: table })
  class UserEntity {
    @PrimaryGeneratedColumn() id!: number;
    @Column({ type: 'text' }) name!: string;
    @Column({ type: 'timestamptz' }) createdAt!: Date;
  }

  let dataSource: DataSource;

  @Injectable()
  class UsersService {
    loads = 0;
    private readonly repo = () => dataSource.getRepository(UserEntity);

    @Cacheable({ key: (id: number) => `user:${id}` })
    async getById(id: number): Promise<UserEntity | null> {
      this.loads++;
      return this.repo().findOneBy({ id });
    }

    // TypeORM clears the entity's id on remove: the key is also computed from the arguments as they were.
    @CacheEvict({ keys: (user: UserEntity) => `user:${user.id}` })
    async remove(user: UserEntity): Promise<UserEntity> {
      return this.repo().remove(user);
    }

    @CacheEvict({ keys: (user: UserEntity) => `user:${user.id}` })
    async save(user: UserEntity): Promise<UserEntity> {
      return this.repo().save(user);
    }
  }

  const stores: { name: string; options: CacheStoreOptions }[] = [{ name: 'memory', options: { store: 'memory' } }];
  const redisUrl = serviceUrl('REDIS_URL');
  if (redisUrl) stores.push({ name: 'tiered', options: { store: 'tiered', url: redisUrl, opTimeoutMs: 2_000 } });

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'postgres',
      url: serviceUrl('DATABASE_URL'),
      entities: [UserEntity],
      synchronize: true,
      poolSize: 2,
    }).initialize();
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) {
      await dataSource.query(`DROP TABLE IF EXISTS "${table}"`);
      await dataSource.destroy();
    }
  });

  describe.each(stores)('on $name', ({ options }) => {
    let app: INestApplicationContext;
    let users: UsersService;

    beforeAll(async () => {
      app = await boot({ ...options, namespace: uniqueNamespace('typeorm') }, [UsersService]);
      users = app.get(UsersService);
    });
    afterAll(async () => {
      await app?.get(CacheService).clear();
      await app?.close();
    });

    const insert = (name: string) =>
      dataSource.getRepository(UserEntity).save(Object.assign(new UserEntity(), { name, createdAt: new Date(0) }));

    it('remove(await getById(id)) deletes the row and the next getById does not serve it', async () => {
      const { id } = await insert('Ada');
      expect((await users.getById(id))?.name).toBe('Ada'); // miss: loaded and cached
      const cached = await users.getById(id); // hit
      expect(users.loads).toBe(1);
      await users.remove(cached!);
      expect(await dataSource.getRepository(UserEntity).findOneBy({ id })).toBeNull();
      expect(await users.getById(id)).toBeNull();
    });

    it('save() of a cached entity after changing a field stores the change', async () => {
      const { id } = await insert('Grace');
      await users.getById(id);
      const cached = await users.getById(id);
      cached!.name = 'Grace Hopper';
      await users.save(cached!);
      expect((await dataSource.getRepository(UserEntity).findOneBy({ id }))?.name).toBe('Grace Hopper');
      expect((await users.getById(id))?.name).toBe('Grace Hopper');
    });
  });
});
