import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { killChild, redisCli, spawnRedis, waitUntil } from './redis-process.js';

const CLUSTER_OK_TIMEOUT_MS = 20_000;

/**
 * A throwaway Redis Cluster of N masters, each with `replicas` replicas (0 by default), on loopback, each node with its
 * own temp dir for nodes.conf and a 1 s node timeout (a replica takes over a dead master in a few seconds). Created
 * with `redis-cli --cluster create`; `start()` resolves once every node reports cluster_state:ok.
 * Always `stop()` it in afterAll.
 */
export class RedisCluster {
  readonly nodes: { host: string; port: number }[] = [];
  private readonly children: (ChildProcess | undefined)[] = [];
  private readonly dirs: string[] = [];

  constructor(
    private readonly size = 3,
    private readonly replicas = 0,
  ) {}

  get seedUrls(): `redis://${string}`[] {
    return this.nodes.map(({ host, port }) => `redis://${host}:${port}` as const);
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.size * (1 + this.replicas); i++) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'ballast-cluster-'));
      this.dirs.push(dir);
      this.nodes.push({ host: '127.0.0.1', port });
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--dir', dir);
      // Validity factor 0: a replica always takes over (the default refuses after a quiet spell of a few seconds).
      args.push('--cluster-node-timeout', '1000', '--cluster-replica-validity-factor', '0');
      this.children.push(await spawnRedis(args, port, dir));
    }
    const addresses = this.nodes.map(({ host, port }) => `${host}:${port}`);
    const replicas = ['--cluster-replicas', String(this.replicas)];
    await redisCli(
      this.nodes[0]!.port,
      ['--cluster', 'create', ...addresses, ...replicas, '--cluster-yes'],
      CLUSTER_OK_TIMEOUT_MS,
    );
    for (const { port } of this.nodes) {
      await waitUntil(
        async () => (await redisCli(port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok'),
        CLUSTER_OK_TIMEOUT_MS,
        `RedisCluster: node ${port} never reported cluster_state:ok`,
      );
    }
  }

  /** The port of the master serving `key`'s hash slot, as the cluster says now. */
  async masterOf(key: string): Promise<number> {
    for (const { port } of this.nodes) {
      if (this.children[this.nodes.findIndex((n) => n.port === port)] === undefined) continue;
      const slot = (await redisCli(port, ['CLUSTER', 'KEYSLOT', key])).trim();
      const shards = await redisCli(port, ['CLUSTER', 'SLOTS']);
      return masterPortOfSlot(shards, Number(slot));
    }
    throw new Error('RedisCluster: no node is running');
  }

  /** SIGKILL the node on `port` (a master's slots move to its replica, if it has one). */
  killPort(port: number): Promise<void> {
    return this.killNode(this.nodes.findIndex((n) => n.port === port));
  }

  /** SIGKILL one node (without replicas, its slots become unavailable). */
  killNode(index: number): Promise<void> {
    const child = this.children[index];
    this.children[index] = undefined;
    return killChild(child);
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => killChild(child)));
    this.children.length = 0;
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
    this.dirs.length = 0;
  }
}

/** Reads `redis-cli CLUSTER SLOTS` output (one value per line) and returns the master port of `slot`. */
function masterPortOfSlot(output: string, slot: number): number {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // Each range: start, end, master ip, master port, master id, then replicas (ip, port, id each).
  for (let i = 0; i + 3 < lines.length; i++) {
    const start = Number(lines[i]);
    const end = Number(lines[i + 1]);
    if (
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      lines[i + 2]!.includes('.') &&
      slot >= start &&
      slot <= end
    ) {
      return Number(lines[i + 3]);
    }
  }
  throw new Error(`RedisCluster: no master found for slot ${slot}`);
}
