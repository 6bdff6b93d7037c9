import { beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, sleep } from '@ballast/test-support';
import { Balancer } from './balancer.js';
import { count, ensureExampleBuilt, kill, startApp, SteadyLoad, waitUntil200, type App } from './helpers.js';

// Rolling restart of two replicas of the example behind a load balancer, under steady keep-alive load.
// The balancer is what Kubernetes Services and most proxies do: poll readiness, round-robin over ready backends,
// and NO retry (a request that fails on a backend fails for the client). One replica runs on Express, the other on
// Fastify. Each replica in turn gets SIGTERM, exits, and is started again on the same port; the client counts
// every non-2xx answer and every connection error.
// With SHUTDOWN_DELAY longer than the balancer's poll period, the replica keeps serving until the balancer has
// seen its readiness go 503 → 0 failed requests. Negative control: the same with SHUTDOWN_DELAY=0 → failures.

// Longer than the balancer needs to take a replica out (FAILURE_THRESHOLD × POLL_MS, plus the polls' own latency on
// a loaded machine), with a wide margin: what docs/deploy/kubernetes.md asks of SHUTDOWN_DELAY.
const DELAY = '3s';
const RATE = 150; // requests per second from the clients

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
