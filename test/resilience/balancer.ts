import { Agent, createServer, request, type Server } from 'node:http';
import { sleep } from '@ballast/test-support';
import { get } from './helpers.js';

// What Kubernetes Services and most proxies do: poll each backend's readiness, round-robin over the ready ones, and
// NO retry (a request that fails on a backend fails for the client).

const POLL_MS = 200; // the balancer's readiness period (Kubernetes: periodSeconds)
const POLL_TIMEOUT_MS = 1000; // (timeoutSeconds)
const FAILURE_THRESHOLD = 3; // (failureThreshold)

export class Balancer {
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

  /** Resolves once every backend is in rotation. */
  async allReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.backends.every((backend) => this.isReady(backend))) {
      if (Date.now() > deadline) throw new Error(`not every backend became ready within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
