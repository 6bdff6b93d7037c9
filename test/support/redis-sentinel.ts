import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { killChild, redisCli, spawnRedis, waitUntil } from './redis-process.js';

type Address = { host: string; port: number };

/**
 * A throwaway Sentinel group on loopback: one master, one replica (`--replicaof`) and 1 or 3 sentinels
 * (`redis-server <conf> --sentinel`; sentinels rewrite their conf, so each lives in a temp dir). Short
 * down-after/failover timeouts keep a failover within a few seconds. Always `stop()` it in afterAll.
 */
export class RedisSentinelGroup {
  readonly masterName = 'ballast';
  readonly sentinels: Address[] = [];
  private master?: { child?: ChildProcess; port: number };
  private replica?: { child?: ChildProcess; port: number };
  private readonly sentinelChildren: ChildProcess[] = [];
  private dir?: string;

  constructor(private readonly sentinelCount: 1 | 3 = 1) {}

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'ballast-sentinel-'));
    // --dir: replication writes an RDB file even with --save '' (it would land in the working directory).
    const base = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir];
    const masterPort = await freePort();
    this.master = { port: masterPort, child: await spawnRedis(['--port', String(masterPort), ...base], masterPort) };
    const replicaPort = await freePort();
    const replicaArgs = ['--port', String(replicaPort), ...base, '--replicaof', '127.0.0.1', String(masterPort)];
    this.replica = { port: replicaPort, child: await spawnRedis(replicaArgs, replicaPort) };
    await waitUntil(
      async () => (await redisCli(replicaPort, ['INFO', 'replication'])).includes('master_link_status:up'),
      10_000,
      `RedisSentinelGroup: replica ${replicaPort} never synced with master ${masterPort}`,
    );
    const quorum = this.sentinelCount === 1 ? 1 : 2;
    for (let i = 0; i < this.sentinelCount; i++) {
      const port = await freePort();
      const conf = join(this.dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `sentinel monitor ${this.masterName} 127.0.0.1 ${masterPort} ${quorum}`,
          `sentinel down-after-milliseconds ${this.masterName} 1000`,
          `sentinel failover-timeout ${this.masterName} 5000`,
          `sentinel parallel-syncs ${this.masterName} 1`,
          '',
        ].join('\n'),
      );
      this.sentinelChildren.push(await spawnRedis([conf, '--sentinel'], port, this.dir));
      this.sentinels.push({ host: '127.0.0.1', port });
    }
    // A sentinel must have discovered the replica, or a failover has nothing to promote.
    await waitUntil(
      async () =>
        (await redisCli(this.sentinels[0]!.port, ['SENTINEL', 'REPLICAS', this.masterName])).includes(
          String(replicaPort),
        ),
      15_000,
      'RedisSentinelGroup: sentinel never discovered the replica',
    );
  }

  /** The master address according to the first sentinel. */
  async currentMaster(): Promise<Address> {
    const reply = await redisCli(this.sentinels[0]!.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.masterName]);
    const [host, port] = reply.split('\n').map((line) => line.trim());
    return { host: host!, port: Number(port) };
  }

  /** SIGKILL the current master process (the one started as master, or the promoted replica after a failover). */
  async killMaster(): Promise<void> {
    const { port } = await this.currentMaster();
    const victim = [this.master, this.replica].find((node) => node?.port === port);
    await killChild(victim?.child);
    if (victim) victim.child = undefined;
  }

  /** Resolves with the new master once the sentinel names one other than `previousPort`. */
  async waitForFailover(previousPort: number, timeoutMs = 20_000): Promise<Address> {
    await waitUntil(
      async () => (await this.currentMaster()).port !== previousPort,
      timeoutMs,
      `RedisSentinelGroup: no failover away from ${previousPort}`,
    );
    return this.currentMaster();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sentinelChildren, this.master?.child, this.replica?.child].map((c) => killChild(c)));
    this.sentinelChildren.length = 0;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
