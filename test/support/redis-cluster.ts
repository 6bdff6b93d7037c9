import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { killChild, redisCli, spawnRedis, waitUntil } from './redis-process.js';

const CLUSTER_OK_TIMEOUT_MS = 20_000;

/**
 * A throwaway Redis Cluster of N masters (no replicas) on loopback, each with its own temp dir for nodes.conf.
 * Created with `redis-cli --cluster create`; `start()` resolves once every node reports cluster_state:ok.
 * Always `stop()` it in afterAll.
 */
export class RedisCluster {
  readonly nodes: { host: string; port: number }[] = [];
  private readonly children: (ChildProcess | undefined)[] = [];
  private readonly dirs: string[] = [];

  constructor(private readonly size = 3) {}

  get seedUrls(): `redis://${string}`[] {
    return this.nodes.map(({ host, port }) => `redis://${host}:${port}` as const);
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.size; i++) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'ballast-cluster-'));
      this.dirs.push(dir);
      this.nodes.push({ host: '127.0.0.1', port });
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--dir', dir);
      this.children.push(await spawnRedis(args, port, dir));
    }
    const addresses = this.nodes.map(({ host, port }) => `${host}:${port}`);
    await redisCli(this.nodes[0]!.port, ['--cluster', 'create', ...addresses, '--cluster-yes'], CLUSTER_OK_TIMEOUT_MS);
    for (const { port } of this.nodes) {
      await waitUntil(
        async () => (await redisCli(port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok'),
        CLUSTER_OK_TIMEOUT_MS,
        `RedisCluster: node ${port} never reported cluster_state:ok`,
      );
    }
  }

  /** SIGKILL one node (its slots become unavailable: no replicas). */
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
