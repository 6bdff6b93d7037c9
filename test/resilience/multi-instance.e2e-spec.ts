import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithService, serviceUrl, sleep } from '@ballast/test-support';
import { Balancer } from './balancer.js';
import { ensureExampleBuilt, kill, send, startApp, waitUntil200, type App } from './helpers.js';
import { postgresSchema } from '../../examples/api/test/helpers/postgres-schema.js';

// Three instances of the example (CACHE_STORE=tiered: a memory L1 in each process in front of one Redis, one
// PostgreSQL schema) behind the balancer. GET /users/:id is @Cacheable, PATCH evicts. Each round warms every L1
// with a user, changes that user through one instance, waits the bus allowance M, then reads the user from EVERY
// instance directly (and once through the balancer): a read that does not return the new value is stale — an L1
// that kept the old copy because the eviction did not reach it.
// M is measured first: for a sample of writes, the time from the write's 2xx until the first fresh read on each
// other instance (polled every POLL_EVERY_MS), and M = max(MIN_ALLOWANCE_MS, 5 × p99), at most MAX_ALLOWANCE_MS.
// When the first poll is already fresh (printed), the figure is that read's own round trip: the bus was faster.

const INSTANCES = 3;
const ADAPTERS = ['express', 'fastify', 'express'];
const USERS = 6; // one lane per user, run concurrently; each lane writes and reads only its own user
const ROUNDS = 120;
const READS_PER_INSTANCE = 3;
const LATENCY_SAMPLES = 24;
const LATENCY_LANES = 2; // few, so the polls measure the bus rather than a queue of concurrent requests
const POLL_EVERY_MS = 2;
const POLL_CAP_MS = 500; // no fresh read by then: the sample counts as this (the bus did not deliver)
const MIN_ALLOWANCE_MS = 50;
const MAX_ALLOWANCE_MS = 500; // a bus slower than this is broken: its stale reads fail the test

interface User {
  id: string;
  name: string; // the value last written
}

/** Runs `lanes` concurrently; lane `lane` gets the items lane, lane + lanes, lane + 2 × lanes… in order. */
async function inLanes(items: number, lanes: number, task: (item: number, lane: number) => Promise<void>) {
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let item = lane; item < items; item += lanes) await task(item, lane);
    }),
  );
}

/** Nearest-rank percentile of `values` (not empty). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// Both services, or a skip with one line (only the first missing one is named); under CI=true, a failure.
const describeWithServices = serviceUrl('REDIS_URL') ? describeWithService('DATABASE_URL') : describe.skip;

describeWithServices('three instances, one Redis: reads after a write are never stale', () => {
  const apps: App[] = [];
  const agents: Agent[] = [];
  const schema = postgresSchema(process.env.DATABASE_URL ?? 'postgres://unset', 'resilience');
  const run = randomBytes(4).toString('hex');
  let balancer: Balancer | undefined;
  let schemaCreated = false;

  const readName = async (base: string, user: User, agent?: Agent): Promise<string> => {
    const reply = await send(`${base}/users/${user.id}`, { agent });
    if (reply.status !== 200) throw new Error(`GET ${base}/users/${user.id}: ${reply.status} ${reply.text}`);
    return (JSON.parse(reply.text) as { name: string }).name;
  };
  const read = (instance: number, user: User) => readName(apps[instance]!.url, user, agents[instance]);
  const readAll = (user: User) => Promise.all(apps.map((_, instance) => read(instance, user)));
  let writes = 0;
  /** Changes the user's name through `instance`; resolves at the 2xx. */
  const write = async (instance: number, user: User): Promise<void> => {
    const name = `n-${run}-${(writes += 1)}`;
    const reply = await send(`${apps[instance]!.url}/users/${user.id}`, {
      method: 'PATCH',
      agent: agents[instance],
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (reply.status !== 200) throw new Error(`PATCH via instance ${instance}: ${reply.status} ${reply.text}`);
    user.name = name;
  };

  beforeAll(async () => {
    ensureExampleBuilt();
    await schema.create();
    schemaCreated = true;
    const env = {
      ...schema.env,
      REDIS_URL: process.env.REDIS_URL!,
      CACHE_STORE: 'tiered',
      CACHE_NAMESPACE: `test:multi-instance:${run}`,
    };
    // The first instance runs the migrations; the others then find the tables there.
    apps.push(await startApp({ ...env, HTTP_ADAPTER: ADAPTERS[0]! }));
    await waitUntil200(apps[0]!);
    for (let i = 1; i < INSTANCES; i += 1) apps.push(await startApp({ ...env, HTTP_ADAPTER: ADAPTERS[i]! }));
    await Promise.all(apps.map((app) => waitUntil200(app)));
    for (let i = 0; i < INSTANCES; i += 1) agents.push(new Agent({ keepAlive: true, maxSockets: 16, timeout: 3000 }));
    balancer = new Balancer(apps.map((app) => app.url));
    await balancer.start();
    await balancer.allReady();
  }, 120_000);

  afterAll(async () => {
    await balancer?.stop();
    for (const agent of agents) agent.destroy();
    for (const app of apps) await kill(app);
    if (schemaCreated) await schema.drop();
  }, 30_000);

  it('every instance reads the new value once the bus allowance has passed', async () => {
    const front = `http://127.0.0.1:${balancer!.port}`;
    const frontAgent = new Agent({ keepAlive: true, maxSockets: 16, timeout: 3000 });
    try {
      // The users, created through the balancer.
      const users: User[] = [];
      for (let i = 0; i < USERS; i += 1) {
        const reply = await send(`${front}/users`, {
          method: 'POST',
          agent: frontAgent,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `mi-${run}-${i}@example.com`, name: 'Initial Name', password: 'Passw0rd1' }),
        });
        expect(reply.status).toBe(201);
        users.push(JSON.parse(reply.text) as User);
      }

      // 1. The bus latency: write, then poll each other instance until it reads the new value.
      const latencies: number[] = [];
      let undelivered = 0;
      let freshAtFirstPoll = 0; // the bus beat the first read: the latency measured is that read's own round trip
      await inLanes(LATENCY_SAMPLES, LATENCY_LANES, async (sample, lane) => {
        const user = users[lane]!;
        const writer = sample % INSTANCES;
        await readAll(user); // every L1 holds the current value
        await write(writer, user);
        const written = performance.now();
        await Promise.all(
          apps.map(async (_, instance) => {
            if (instance === writer) return;
            for (let poll = 1; ; poll += 1) {
              const fresh = (await read(instance, user)) === user.name;
              const elapsed = performance.now() - written;
              if (fresh && poll === 1) freshAtFirstPoll += 1;
              if (fresh || elapsed >= POLL_CAP_MS) {
                latencies.push(fresh ? elapsed : POLL_CAP_MS);
                if (!fresh) undelivered += 1;
                return;
              }
              await sleep(POLL_EVERY_MS);
            }
          }),
        );
      });
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      const max = Math.max(...latencies);
      const allowance = Math.min(MAX_ALLOWANCE_MS, Math.max(MIN_ALLOWANCE_MS, Math.ceil(5 * p99)));
      console.info(
        `bus latency (write 2xx → first fresh read on another instance, polled every ${POLL_EVERY_MS} ms, ` +
          `n=${latencies.length}): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms; ` +
          `fresh at the first poll in ${freshAtFirstPoll}/${latencies.length}` +
          (undelivered ? `; not fresh within ${POLL_CAP_MS} ms in ${undelivered}` : ''),
      );

      // 2. The rounds: warm every L1, write through one instance, wait the allowance, read from every instance.
      let reads = 0;
      let stale = 0;
      const examples: string[] = [];
      const check = (where: string, user: User, name: string) => {
        reads += 1;
        if (name === user.name) return;
        stale += 1;
        if (examples.length < 5) examples.push(`${where} read "${name}", expected "${user.name}"`);
      };
      await inLanes(ROUNDS, USERS, async (round, lane) => {
        const user = users[lane]!;
        const writer = round % INSTANCES;
        await readAll(user);
        await write(writer, user);
        await sleep(allowance);
        await Promise.all([
          ...apps.flatMap((_, instance) =>
            Array.from({ length: READS_PER_INSTANCE }, async () =>
              check(`instance ${instance} (writer ${writer})`, user, await read(instance, user)),
            ),
          ),
          (async () => check('the balancer', user, await readName(front, user, frontAgent)))(),
        ]);
      });

      console.info(`stale reads: ${stale} / ${reads} after ${allowance} ms`);
      if (examples.length) console.info(`first stale reads: ${examples.join('; ')}`);
      expect(reads).toBeGreaterThanOrEqual(1000);
      expect(stale).toBe(0);
    } finally {
      frontAgent.destroy();
    }
  }, 60_000); // the whole test, well under this: about 15 s, 25 s when the bus does not deliver
});
