import { Agent, createServer, request, type Server } from 'node:http';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, sleep } from '@ballast/test-support';
import { count, ensureExampleBuilt, get, kill, startApp, SteadyLoad, waitUntil200, type App } from './helpers.js';

// Rolling restart of two replicas of the example behind a load balancer, under steady keep-alive load.
// The balancer is what Kubernetes Services and most proxies do: poll readiness, round-robin over ready backends,
// and NO retry (a request that fails on a backend fails for the client). One replica runs on Express, the other on
// Fastify. Each replica in turn gets SIGTERM, exits, and is started again on the same port; the client counts
// every non-2xx answer and every connection error.
// With SHUTDOWN_DELAY longer than the balancer's poll period, the replica keeps serving until the balancer has
// seen its readiness go 503 → 0 failed requests. Negative control: the same with SHUTDOWN_DELAY=0 → failures.

const POLL_MS = 200; // the balancer's readiness period (Kubernetes: periodSeconds)
const POLL_TIMEOUT_MS = 1000; // (timeoutSeconds)
const FAILURE_THRESHOLD = 3; // (failureThreshold)
// Longer than the balancer needs to take a replica out (FAILURE_THRESHOLD × POLL_MS, plus the polls' own latency on
// a loaded machine), with a wide margin: what docs/deploy/kubernetes.md asks of SHUTDOWN_DELAY.
const DELAY = '3s';
const RATE = 150; // requests per second from the clients

class Balancer {
  private readonly ready = new Map<string, boolean>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 3000 });
  private next = 0;
  private stopped = false;
  private server?: Server;
  port = 0;

  constructor(private readonly backends: string[]) {
    for (const backend of backends) this.ready.set(backend, false);
  }

  async start(): Promise<void> {
    // Like a Kubernetes readiness probe: every POLL_MS, timeout POLL_TIMEOUT_MS, FAILURE_THRESHOLD failures in a
    // row to take a backend out (one slow answer on a loaded machine does not), one success to put it back.
    const probe = async (backend: string) => {
      let failures = 0;
      while (!this.stopped) {
        const status = await get(`${backend}/health/ready`, POLL_TIMEOUT_MS);
        failures = status === 200 ? 0 : failures + 1;
        const ready = status === 200 || (this.ready.get(backend) === true && failures < FAILURE_THRESHOLD);
        if (process.env.DEBUG_LB && ready !== this.ready.get(backend)) console.log(Date.now(), backend, status);
        this.ready.set(backend, ready);
        await sleep(POLL_MS);
      }
    };
    for (const backend of this.backends) void probe(backend);
    this.server = createServer((req, res) => {
      const ready = this.backends.filter((backend) => this.ready.get(backend));
      if (ready.length === 0) {
        res.writeHead(503).end('no ready backend');
        return;
      }
      const backend = ready[this.next++ % ready.length]!;
      const upstream = request(
        `${backend}${req.url}`,
        { method: req.method, headers: { ...req.headers, connection: 'keep-alive' }, agent: this.agent },
        (upstreamRes) => {
          // Hop-by-hop headers stay between the balancer and the backend.
          const { connection: _c, 'keep-alive': _k, ...headers } = upstreamRes.headers;
          res.writeHead(upstreamRes.statusCode ?? 502, headers);
          upstreamRes.pipe(res);
        },
      );
      upstream.on('error', () => {
        // No retry: the client sees the failure.
        if (!res.headersSent) res.writeHead(502).end('bad gateway');
        else res.destroy();
      });
      req.pipe(upstream);
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  isReady(backend: string): boolean {
    return this.ready.get(backend) === true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * Two replicas (Express, Fastify) behind the balancer under steady load; SIGTERM each of the first `stopCount`
 * replicas in turn, and start it again when `restart`.
 */
async function rollingRestart(delay: string, { stopCount = 2, restart = true } = {}): Promise<SteadyLoad> {
  const env = { SHUTDOWN_DELAY: delay, SHUTDOWN_DRAIN_TIMEOUT: '5s', SHUTDOWN_TIMEOUT: '20s' };
  const replicas = [
    { adapter: 'express', port: await freePort(), app: undefined as App | undefined },
    { adapter: 'fastify', port: await freePort(), app: undefined as App | undefined },
  ];
  const backend = (replica: { port: number }) => `http://127.0.0.1:${replica.port}`;
  const balancer = new Balancer(replicas.map(backend));
  const load = new SteadyLoad(() => ({ url: `http://127.0.0.1:${balancer.port}/` }), RATE);
  const inRotation = async (replica: { port: number }) => {
    const deadline = Date.now() + 30_000;
    while (!balancer.isReady(backend(replica))) {
      if (Date.now() > deadline) throw new Error(`${backend(replica)} never became ready at the balancer`);
      await sleep(50);
    }
  };
  try {
    for (const replica of replicas)
      replica.app = await startApp({ ...env, HTTP_ADAPTER: replica.adapter }, replica.port);
    for (const replica of replicas) await waitUntil200(replica.app!);
    await balancer.start();
    for (const replica of replicas) await inRotation(replica);
    load.start();
    await sleep(1500);
    for (const replica of replicas.slice(0, stopCount)) {
      replica.app!.process.kill('SIGTERM');
      expect(await replica.app!.exited).toBe(0);
      if (restart) {
        replica.app = await startApp({ ...env, HTTP_ADAPTER: replica.adapter }, replica.port);
        await waitUntil200(replica.app);
        await inRotation(replica); // back in rotation before the next replica goes
      }
      await sleep(1500);
    }
    await load.stop();
    return load;
  } finally {
    await load.stop();
    await balancer.stop();
    for (const replica of replicas) await kill(replica.app);
  }
}

describe('rolling restart behind a load balancer (no retries)', () => {
  beforeAll(() => ensureExampleBuilt(), 180_000);

  it('drops no request when each replica gets SIGTERM and is restarted in turn', async () => {
    const load = await rollingRestart(DELAY);
    console.log(
      `rolling-restart: ${count(load.failed)} failed / ${count(load.total)} requests ` +
        `(2 replicas, Express + Fastify, each SIGTERM + restart, ${RATE} req/s keep-alive, SHUTDOWN_DELAY=${DELAY}; ` +
        `failures: ${load.summary()})`,
    );
    expect(load.total).toBeGreaterThan(1000);
    expect(load.failed).toBe(0);
  }, 150_000);

  it('negative control: with SHUTDOWN_DELAY=0 one SIGTERM already fails requests', async () => {
    const load = await rollingRestart('0', { stopCount: 1, restart: false });
    console.log(
      `rolling-restart control (SHUTDOWN_DELAY=0): ${count(load.failed)} failed / ${count(load.total)} requests ` +
        `(failures: ${load.summary()})`,
    );
    expect(load.failed).toBeGreaterThan(0);
  }, 120_000);
});
