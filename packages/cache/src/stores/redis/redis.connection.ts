import type { RedisNode, RedisTarget } from '../../cache.topology.js';
import type { RedisDriver } from './redis.driver.js';

/**
 * The node-redis client of a Redis tier, typed as a standalone client: the cluster and sentinel clients answer the
 * same single-key commands (typed loosely: node-redis' generics do not survive a wrapper). @internal
 */
export type RedisClient = ReturnType<RedisDriver['createClient']>;

/** The calls a multi-key command needs that differ by topology. */
type AnyClient = RedisClient & {
  masters?: unknown[];
  nodeClient?: (node: unknown) => Promise<RedisClient>;
};

/** The internals of node-redis' cluster client that a failover needs (see `followFailover`). */
interface ClusterSlots {
  rediscover?: (startWith: { options: { socket: { host: string; port: number } } }) => Promise<void>;
  nodeByAddress?: Map<string, { host: string; port: number; client?: { isReady: boolean } }>;
}

// Never give up; back off up to 2 s (with jitter, so a fleet does not reconnect in lockstep).
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100);

/** Options of every connection to a Redis node: no offline queue, a bounded connect, a reconnect that never ends. */
function nodeOptions(connectTimeoutMs: number, target: { tls?: boolean; username?: string; password?: string }) {
  return {
    // A command sent while disconnected fails at once instead of waiting in a queue (cache-manager#797, keyv#1470).
    disableOfflineQueue: true,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy, ...(target.tls ? { tls: true as const } : {}) },
  };
}

const hostPort = (nodes: RedisNode[]) => nodes.map(({ host, port }) => ({ host, port }));

/**
 * One Redis deployment as the tier sees it — a standalone server (`url`), a Sentinel-watched master or a Cluster —
 * behind the few calls that differ: readiness, events, multi-key routing, SCAN and pub/sub. Not connected yet.
 * @internal
 */
export class RedisConnection {
  readonly client: RedisClient;
  /** A cluster client is usable once it has discovered the slots ('connect'), not as soon as it is open. */
  private clusterReady = false;
  private closed = false;

  constructor(
    private readonly driver: RedisDriver,
    readonly target: RedisTarget,
    private readonly connectTimeoutMs: number,
  ) {
    this.client = this.create();
    if (target.kind === 'cluster') {
      this.client.on('connect', () => (this.clusterReady = true));
      this.client.on('disconnect', () => (this.clusterReady = false));
      this.client.on('node-error', (_error: unknown, node?: { host: string; port: number }) =>
        this.followFailover(node),
      );
    }
  }

  private lastRediscovery = 0;
  private rediscovering = false;

  /**
   * node-redis maps a cluster's slots again only on MOVED/ASK replies; a master that dies answers nothing, so its
   * slots would stay on a dead node after its replica took over. While a node fails, ask a live node for the slots
   * (at most once a second) until the map no longer holds the dead node.
   */
  private followFailover(failing?: { host: string; port: number }): void {
    if (this.closed || this.rediscovering || Date.now() - this.lastRediscovery < 1_000) return;
    const slots = (this.client as unknown as { _slots?: ClusterSlots })._slots;
    if (slots?.rediscover === undefined || slots.nodeByAddress === undefined) return;
    const live = [...slots.nodeByAddress.values()].find(
      (node) => node.client?.isReady === true && !(node.host === failing?.host && node.port === failing?.port),
    );
    if (live === undefined) return;
    this.rediscovering = true;
    this.lastRediscovery = Date.now();
    void slots
      .rediscover({ options: { socket: { host: live.host, port: live.port } } })
      .catch(() => undefined)
      .finally(() => (this.rediscovering = false));
  }

  /** Whether commands can be sent now (a cluster: its topology is known; a dead master fails its own commands). */
  get isReady(): boolean {
    return this.target.kind === 'cluster' ? this.clusterReady && this.client.isOpen : this.client.isReady;
  }

  onError(listener: (error: Error) => void): void {
    this.client.on('error', (error: unknown) => listener(error instanceof Error ? error : new Error(String(error))));
    if (this.target.kind === 'cluster') this.client.on('node-error', (error: Error) => listener(error));
  }

  /** Called when the connection (a cluster node, a sentinel's new master) is usable again. */
  onReady(listener: () => void): void {
    if (this.target.kind === 'standalone') this.client.on('ready', listener);
    else if (this.target.kind === 'cluster') {
      this.client.on('connect', listener);
      this.client.on('node-ready', listener);
    } else this.client.on('topology-change', listener);
  }

  /** Connects in the background: an app whose Redis is down at boot starts and serves from the source. */
  connect(): void {
    if (this.target.kind === 'standalone') {
      // node-redis reconnects a standalone client by itself, whatever the first attempt gives.
      this.client.connect().catch(() => undefined);
      return;
    }
    // A cluster (or sentinel) client that finds no node at boot gives up: try again until one answers.
    void (async () => {
      for (let retries = 0; !this.closed; retries++) {
        try {
          await this.client.connect();
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, reconnectStrategy(retries)).unref());
        }
      }
    })();
  }

  /** A MULTI routed to the node of `routingKey` (a cluster's transactions stay within one hash slot). */
  multi(routingKey: string): ReturnType<RedisClient['multi']> {
    return (this.client.multi as (routing?: string) => ReturnType<RedisClient['multi']>)(routingKey);
  }

  /** Every key matching `match`, in batches: one SCAN per master on a cluster. */
  async *scan(match: string): AsyncGenerator<string[]> {
    const client = this.client as AnyClient;
    const nodes =
      this.target.kind === 'cluster' && client.masters !== undefined && client.nodeClient !== undefined
        ? await Promise.all(client.masters.map((master) => client.nodeClient!(master)))
        : [this.client];
    for (const node of nodes) {
      // SCAN by hand: a sentinel client has no scanIterator.
      let cursor = '0';
      do {
        const reply = (await node.scan(cursor, { MATCH: match, COUNT: 1_000 })) as { cursor: string; keys: unknown[] };
        cursor = String(reply.cursor);
        if (reply.keys.length > 0) yield reply.keys.map(String);
      } while (cursor !== '0');
    }
  }

  /** A connection for pub/sub of its own (a subscribed connection runs no other command). */
  pubSub(): RedisClient {
    // A sentinel client keeps its pub/sub on a connection of its own already (and cannot be duplicated).
    return this.target.kind === 'sentinel' ? this.client : this.client.duplicate();
  }

  /** Resolves true once connected, or false after `timeoutMs`. */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isReady) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(25, deadline - Date.now())));
    }
    return true;
  }

  /** Quits politely when connected (bounded to 1 s), else drops the sockets. */
  async close(): Promise<void> {
    this.closed = true;
    await closeClient(this.client);
  }

  private create(): RedisClient {
    const target = this.target;
    if (target.kind === 'standalone') {
      return this.driver.createClient({ url: target.url, ...nodeOptions(this.connectTimeoutMs, {}) });
    }
    if (target.kind === 'cluster') {
      const defaults = nodeOptions(this.connectTimeoutMs, target);
      return this.driver.createCluster({
        rootNodes: hostPort(target.nodes).map((n) => ({ socket: { host: n.host, port: n.port } })),
        defaults,
        // Commands follow MOVED/ASK while the cluster reshards or fails over.
        maxCommandRedirections: 16,
      }) as unknown as RedisClient;
    }
    return this.driver.createSentinel({
      name: target.masterName,
      sentinelRootNodes: hostPort(target.sentinels),
      nodeClientOptions: nodeOptions(this.connectTimeoutMs, target),
      sentinelClientOptions: nodeOptions(this.connectTimeoutMs, {
        tls: target.tls,
        password: target.sentinelPassword,
      }),
    } as never) as unknown as RedisClient;
  }
}

/** Quits politely when connected (bounded to 1 s), else drops the socket. @internal */
export async function closeClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  // A cluster client has no isReady: open means its topology is known.
  if (!(client.isReady ?? client.isOpen)) {
    await client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const quit = await Promise.race([
    client.close().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(resolve, 1_000, false);
    }),
  ]);
  clearTimeout(timer);
  if (!quit && client.isOpen) await client.destroy();
}
