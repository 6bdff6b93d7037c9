import {
  createClient,
  createCluster,
  createSentinel,
} from '../../packages/cache/node_modules/@keyv/redis/dist/index.js';
import { RedisCluster } from './redis-cluster.js';
import { RedisSentinelGroup } from './redis-sentinel.js';

// Self-test of the multi-instance launchers: real redis-server processes on loopback.
describe('RedisCluster', () => {
  const cluster = new RedisCluster(3);
  beforeAll(() => cluster.start(), 60_000);
  afterAll(() => cluster.stop(), 30_000);

  it('serves keys in every slot range through a cluster client', async () => {
    const client = createCluster({ rootNodes: cluster.seedUrls.map((url) => ({ url })) });
    await client.connect();
    try {
      for (const key of ['a', 'b', 'c', 'd', 'e']) await client.set(key, `v-${key}`);
      for (const key of ['a', 'b', 'c', 'd', 'e']) expect(await client.get(key)).toBe(`v-${key}`);
      expect(client.masters).toHaveLength(3);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('RedisSentinelGroup', () => {
  const group = new RedisSentinelGroup(1);
  beforeAll(() => group.start(), 60_000);
  afterAll(() => group.stop(), 30_000);

  it('fails over to the replica, which then serves writes', async () => {
    const sentinel = createSentinel({ name: group.masterName, sentinelRootNodes: group.sentinels });
    sentinel.on('error', () => undefined); // the master dies on purpose below
    await sentinel.connect();
    try {
      await sentinel.set('k', 'before');
      expect(await sentinel.get('k')).toBe('before');
      const old = await group.currentMaster();
      await group.killMaster();
      const next = await group.waitForFailover(old.port, 30_000);
      expect(next.port).not.toBe(old.port);
      const direct = createClient({ url: `redis://${next.host}:${next.port}` });
      await direct.connect();
      await direct.set('k', 'after');
      expect(await direct.get('k')).toBe('after');
      await direct.close();
      // The sentinel client follows the promotion by itself.
      await expect(sentinel.get('k')).resolves.toBe('after');
    } finally {
      await sentinel.close().catch(() => undefined);
    }
  }, 90_000);
});
