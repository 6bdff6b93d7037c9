import type { ConfigService } from '@nestjs/config';
import { validateEnv } from '@ballast/config';
import { cacheOptions } from '../src/cache/cache.options.js';
import { envSchema, type Env } from '../src/config/env.schema.js';

// The cache's variables as the app validates them at boot: which store, and where Redis is.

const check = (env: Record<string, string>) => validateEnv({ schema: envSchema, env, ignoreEnvFile: true });
const problem = (env: Record<string, string>): string => {
  try {
    check(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('CACHE_STORE and the Redis variables', () => {
  it('defaults to memory without Redis and to tiered with REDIS_URL', () => {
    expect(check({}).values.CACHE_STORE).toBe('memory');
    expect(check({ REDIS_URL: 'redis://127.0.0.1:6379' }).values.CACHE_STORE).toBe('tiered');
    expect(check({ REDIS_CLUSTER_NODES: 'a:7000,b:7001' }).values.CACHE_STORE).toBe('tiered');
  });

  it('takes memory, redis or tiered (any case), and memory even when REDIS_URL is set', () => {
    expect(check({ CACHE_STORE: 'Redis', REDIS_URL: 'redis://127.0.0.1:6379' }).values.CACHE_STORE).toBe('redis');
    expect(check({ CACHE_STORE: 'memory', REDIS_URL: 'redis://127.0.0.1:6379' }).values.CACHE_STORE).toBe('memory');
    expect(problem({ CACHE_STORE: 'disk' })).toContain('CACHE_STORE: must be one of memory, redis, tiered');
  });

  it.each(['redis', 'tiered'])('refuses CACHE_STORE=%s without Redis, naming both variables', (store) => {
    const message = problem({ CACHE_STORE: store });
    expect(message).toContain(`CACHE_STORE: is ${store}, which needs Redis, and REDIS_URL is not set`);
  });

  it('reads REDIS_CLUSTER_NODES and REDIS_SENTINELS as host:port lists', () => {
    expect(check({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, [::1]:7001 ' }).values.REDIS_CLUSTER_NODES).toEqual([
      '10.0.0.1:7000',
      '[::1]:7001',
    ]);
    const sentinels = check({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_MASTER: 'mymaster' }).values;
    expect(sentinels).toMatchObject({ REDIS_SENTINELS: ['s1:26379', 's2:26379'], REDIS_SENTINEL_MASTER: 'mymaster' });
    expect(problem({ REDIS_CLUSTER_NODES: 'a:7000,b' })).toContain(
      'REDIS_CLUSTER_NODES: must be a comma-separated list of host:port',
    );
  });

  it('wants one way to reach Redis, and the sentinel master with the sentinels only', () => {
    expect(problem({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'a:7000' })).toContain(
      'REDIS_CLUSTER_NODES: cannot be used with REDIS_URL, which is set too',
    );
    expect(problem({ REDIS_SENTINELS: 's1:26379' })).toContain(
      'REDIS_SENTINEL_MASTER: is required with REDIS_SENTINELS',
    );
    expect(problem({ REDIS_SENTINEL_MASTER: 'mymaster' })).toContain(
      'REDIS_SENTINEL_MASTER: is set but REDIS_SENTINELS is not',
    );
  });
});

describe('cacheOptions(): what the cache module gets', () => {
  /** The options built from `env` as the app validates it (ConfigService reads the validated values). */
  const optionsFor = (env: Record<string, string>) => {
    const { values } = check(env);
    return cacheOptions({ get: (key: string) => values[key] } as unknown as ConfigService<Env, true>);
  };
  const common = { namespace: 'example-api', ttlMs: 60_000 };

  it('memory without Redis, tiered on REDIS_URL, and the store asked for', () => {
    expect(optionsFor({})).toEqual({ ...common, store: 'memory' });
    const url = 'redis://127.0.0.1:6379';
    expect(optionsFor({ REDIS_URL: url })).toEqual({ ...common, store: 'tiered', url });
    expect(optionsFor({ REDIS_URL: url, CACHE_STORE: 'redis' })).toEqual({ ...common, store: 'redis', url });
  });

  it('passes a cluster or sentinels only when they are set', () => {
    expect(optionsFor({ REDIS_CLUSTER_NODES: 'a:7000,b:7001' })).toEqual({
      ...common,
      store: 'tiered',
      cluster: { nodes: ['a:7000', 'b:7001'] },
    });
    expect(optionsFor({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_MASTER: 'mymaster' })).toEqual({
      ...common,
      store: 'tiered',
      sentinel: { masterName: 'mymaster', sentinels: ['s1:26379', 's2:26379'] },
    });
  });
});
