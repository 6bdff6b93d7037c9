import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpRequest, sleep } from '@ballast/test-support';

// A real Prometheus server for one test: its own config, storage and port (the Debian service, if any, is not used).

/** True when `<binary> --version` runs. */
export function installed(binary: 'prometheus' | 'promtool'): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** One series of an instant query: its labels and value. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly output: () => string,
  ) {}

  /** Starts `prometheus` scraping `target` (host:port, path /metrics) every second, and waits until it is ready. */
  static async start(job: string, target: string, timeoutMs = 20_000): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'ballast-prometheus-'));
    const config = join(dir, 'prometheus.yml');
    // scrape_timeout may not exceed scrape_interval (its default, 10 s, would be refused).
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        `  - job_name: ${job}`,
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk));
    const output = () => Buffer.concat(chunks).toString('utf8');
    const server = new PrometheusServer(child, dir, `http://127.0.0.1:${port}`, output);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) {
        await server.stop();
        throw new Error(`prometheus exited with ${child.exitCode}:\n${output().slice(-2000)}`);
      }
      const ready = await httpRequest(`${server.url}/-/ready`, { timeoutMs: 1_000 }).catch(() => undefined);
      if (ready?.status === 200) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`prometheus was not ready within ${timeoutMs} ms:\n${output().slice(-2000)}`);
      }
      await sleep(100);
    }
  }

  /** An instant query through the HTTP API (`/api/v1/query`): the vector's samples. */
  async query(promql: string): Promise<Sample[]> {
    const response = await httpRequest(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = response.body as
      { status: string; error?: string; data?: { resultType: string; result: unknown } } | undefined;
    if (response.status !== 200 || body?.status !== 'success' || body.data?.resultType !== 'vector') {
      throw new Error(`query ${promql} failed (${response.status}): ${response.text.slice(0, 500)}`);
    }
    return (body.data.result as { metric: Record<string, string>; value: [number, string] }[]).map((s) => ({
      metric: s.metric,
      value: Number(s.value[1]),
    }));
  }

  /** Queries until `accept` holds for the result, or fails after `timeoutMs` with the last result. */
  async waitFor(promql: string, accept: (samples: Sample[]) => boolean, timeoutMs = 20_000): Promise<Sample[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const samples = await this.query(promql);
      if (accept(samples)) return samples;
      if (Date.now() > deadline) {
        throw new Error(`${promql} did not hold within ${timeoutMs} ms; last result: ${JSON.stringify(samples)}`);
      }
      await sleep(250);
    }
  }

  /** SIGTERM (SIGKILL after 5 s), then removes its config and storage. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What prometheus printed, for failure messages. */
  log(): string {
    return this.output();
  }
}

/** `promtool check metrics` on an exposition text: its exit status and what it printed. */
export function promtoolCheckMetrics(text: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
