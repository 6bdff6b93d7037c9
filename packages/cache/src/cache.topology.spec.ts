import { resolveCacheOptions } from './cache.options.resolve.js';

describe('Redis topologies in the cache options', () => {
  it('reads a cluster from seed nodes, with TLS and credentials from rediss:// URLs', () => {
    const [cache] = resolveCacheOptions({
      store: 'tiered',
      cluster: { nodes: ['rediss://app:s3cret@10.0.0.1:6379', '10.0.0.2:6380'] },
    }).caches;
    expect(cache!.redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 6379 },
        { host: '10.0.0.2', port: 6380 },
      ],
      tls: true,
      username: 'app',
      password: 's3cret',
    });
  });

  it('reads a sentinel group, with username/password for the data nodes', () => {
    const [cache] = resolveCacheOptions({
      store: 'redis',
      sentinel: { masterName: 'mymaster', sentinels: ['127.0.0.1:26379', 'redis://127.0.0.1:26380'] },
      username: 'cache',
      password: 'pw',
    }).caches;
    expect(cache!.redis).toMatchObject({
      kind: 'sentinel',
      masterName: 'mymaster',
      sentinels: [
        { host: '127.0.0.1', port: 26379 },
        { host: '127.0.0.1', port: 26380 },
      ],
      tls: false,
      username: 'cache',
      password: 'pw',
    });
  });

  it('refuses two topologies at once, an incomplete sentinel and a malformed node, each with its fix', () => {
    let message = '';
    try {
      resolveCacheOptions({
        store: 'redis',
        url: 'redis://127.0.0.1:6379',
        cluster: { nodes: ['10.0.0.1:6379'] },
        caches: {
          a: { sentinel: { sentinels: ['127.0.0.1:26379'] } as never },
          b: { cluster: { nodes: ['not a node'] } },
          c: { cluster: { nodes: [] } },
        },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('- cluster: give one of url, cluster and sentinel, not url and cluster.');
    expect(message).toContain("- caches.a.sentinel.masterName: is required: the name after 'sentinel monitor'");
    expect(message).toContain(
      "- caches.b.cluster.nodes: item 0 must be a node as 'host:port' or 'redis://host:port', got \"not a node\".",
    );
    expect(message).toContain('- caches.c.cluster.nodes: is required: the seed nodes');
  });

  it('a named cache with its own topology does not inherit the module-level url', () => {
    const resolved = resolveCacheOptions({
      store: 'tiered',
      url: 'redis://127.0.0.1:6379',
      caches: { sessions: { cluster: { nodes: ['10.0.0.1:7000'] } } },
    });
    expect(resolved.caches[0]!.redis).toEqual({ kind: 'standalone', url: 'redis://127.0.0.1:6379' });
    expect(resolved.caches[1]!.redis).toMatchObject({ kind: 'cluster' });
  });

  it('refuses braces in names on a cluster (they would change the hash slot)', () => {
    expect(() =>
      resolveCacheOptions({ store: 'redis', namespace: 'a{b}', cluster: { nodes: ['10.0.0.1:7000'] } }),
    ).toThrow(/- namespace: holds a brace, which Redis Cluster reads as a hash tag/);
  });

  it('never echoes a password from a node given as a URL', () => {
    let message = '';
    try {
      resolveCacheOptions({ store: 'redis', cluster: { nodes: ['redis://app:TopSecret1@host'] } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('- cluster.nodes: item 0 must be a node');
    expect(message).toContain('redis://***@host');
    expect(message).not.toContain('TopSecret1');
  });
});
