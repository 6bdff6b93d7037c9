// The shutdown sequence in real child processes receiving real signals, on Express and Fastify.
// The fixture (test/fixtures/app.mjs) loads @ballast/shutdown from dist on NestJS 12, whatever Jest maps @nestjs/* to:
// the NestJS 11 run (jest.nest11.config.js) would repeat the very same processes, so it skips this file (the
// in-process suite, shutdown.e2e-spec.ts, is the one that runs on both majors). Build first:
// `pnpm --filter @ballast/shutdown build` (`pnpm test` and CI build before testing).
// SHUTDOWN_DEADLINE_RUNS sets how many times the deadline test repeats per adapter (default 2 to keep the suite short; the issue asks 20: run it with SHUTDOWN_DEADLINE_RUNS=20).
import { Agent } from 'node:http';
import { sleep } from '@ballast/test-support';
import { assertDistBuilt, get, killAllChildren, runLoad, startChild, type Reply } from './support/child-app.js';

// NestJS 11 is CommonJS: its namespace has a `default` export; NestJS 12 (ESM) has none.
const onNest11 = 'default' in (await import('@nestjs/common'));
if (onNest11)
  process.stdout.write('skipped: shutdown child-process tests (they run the NestJS 12 dist; see the NestJS 12 run)\n');
const describeChild = onNest11 ? describe.skip : describe;

const adapterNames = [{ name: 'express' as const }, { name: 'fastify' as const }];
const deadlineRuns = Number(process.env.SHUTDOWN_DEADLINE_RUNS ?? 2);
/** Printed at the end: the figures the report quotes. */
const figures: string[] = [];

beforeAll(() => {
  if (!onNest11) assertDistBuilt();
});
afterAll(() => {
  killAllChildren();
  if (figures.length === 0) return;
  process.stdout.write(`\n@ballast/shutdown measured figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
});

describeChild.each(adapterNames)('graceful shutdown in a child process on $name', ({ name: adapter }) => {
  it('drops no request under keep-alive load through SIGTERM (readiness delay + drain)', async () => {
    const app = await startChild({
      adapter,
      options: { readinessDelayMs: 1500, drainTimeoutMs: 5000, timeoutMs: 10_000 },
    });
    const load = await runLoad({
      url: app.url,
      connections: 100,
      minRequests: 10_000,
      minMs: 1000,
      // A few seconds on a quiet 2-core machine; room for a loaded one (the test asserts the 10k were reached).
      maxMs: 25_000,
      // The load balancer keeps routing for 500 ms after readiness fails, well inside the 1500 ms delay.
      afterSignalMs: 500,
      onReady: () => app.signal('SIGTERM'),
    });
    const exit = await app.exited;
    figures.push(
      `${adapter} load: ${load.total} requests over ${load.durationMs} ms on 100 keep-alive connections, ` +
        `${load.afterSignal} sent after SIGTERM, ${load.failed} failed ${JSON.stringify(load.errors)}`,
    );
    expect(load.total).toBeGreaterThanOrEqual(10_000);
    expect(load.afterSignal).toBeGreaterThan(0);
    expect(load.errors).toEqual({});
    expect(load.failed).toBe(0);
    // Pooled clients were told to move away during the delay.
    expect(load.connectionClose).toBeGreaterThan(0);
    expect(exit.code).toBe(0);
    expect(app.output()).toMatch(/Shutdown complete in \d+ ms; exiting with code 0/);
  }, 60_000);

  it('negative control: the same load through Nest’s own enableShutdownHooks() fails requests', async () => {
    const app = await startChild({ adapter, mode: 'nest' });
    const load = await runLoad({
      url: app.url,
      connections: 100,
      minRequests: 3000,
      minMs: 1000,
      maxMs: 8000,
      afterSignalMs: 500,
      onReady: () => app.signal('SIGTERM'),
    });
    const exit = await app.exited;
    figures.push(
      `${adapter} negative control (enableShutdownHooks): ${load.total} requests, ${load.afterSignal} after SIGTERM, ` +
        `${load.failed} failed ${JSON.stringify(load.errors)}, exit ${exit.code ?? exit.signal}`,
    );
    // The test can see failures: if this passes with 0, the load test above proves nothing.
    expect(load.failed).toBeGreaterThan(0);
  });

  it('fails readiness within 50 ms of SIGTERM while liveness stays 200', async () => {
    const app = await startChild({ adapter, options: { readinessDelayMs: 1000, timeoutMs: 20_000 } });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(`${app.url}/ready`, agent)).status).toBe(200);
    const signalAt = app.signal('SIGTERM');
    let ready: Reply;
    do {
      ready = await get(`${app.url}/ready`, agent);
    } while (ready.status === 200 && performance.now() - signalAt < 1000);
    const live = await get(`${app.url}/live`, agent);
    agent.destroy();
    const exit = await app.exited;
    const latency = Math.round(ready.endedAt - signalAt);
    figures.push(`${adapter} readiness: 503 answered ${latency} ms after SIGTERM`);
    expect(ready.status).toBe(503);
    expect(latency).toBeLessThanOrEqual(50);
    expect(live.status).toBe(200);
    expect(exit.code).toBe(0);
  });

  it('lets 100 requests of 1–2 s in flight at SIGTERM complete with 2xx', async () => {
    const app = await startChild({
      adapter,
      options: { readinessDelayMs: 0, drainTimeoutMs: 8000, timeoutMs: 15_000 },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 100 });
    const replies = Promise.all(
      Array.from({ length: 100 }, (_, i) => get(`${app.url}/slow?ms=${1000 + i * 10}`, agent)),
    );
    await sleep(300); // all 100 reached the server
    app.signal('SIGTERM');
    const results = await replies;
    agent.destroy();
    const exit = await app.exited;
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(exit.code).toBe(0);
    expect(app.count('user:sigterm')).toBe(1);
  });

  it('does not let 500 idle keep-alive sockets delay the exit', async () => {
    const readinessDelayMs = 300;
    const app = await startChild({ adapter, options: { readinessDelayMs, drainTimeoutMs: 10_000, timeoutMs: 20_000 } });
    const agent = new Agent({ keepAlive: true, maxSockets: 500, maxFreeSockets: 500 });
    // Concurrent slow requests force 500 distinct sockets, idle (kept alive) once answered.
    const warm = await Promise.all(Array.from({ length: 500 }, () => get(`${app.url}/slow?ms=500`, agent)));
    expect(warm.every((r) => r.ok)).toBe(true);
    const signalAt = app.signal('SIGTERM');
    const exit = await app.exited;
    agent.destroy();
    const took = Math.round(exit.at - signalAt);
    figures.push(
      `${adapter} 500 idle keep-alive sockets: exit ${took} ms after SIGTERM (delay ${readinessDelayMs} ms)`,
    );
    expect(exit.code).toBe(0);
    // Blocked idle sockets would hold the exit until drainTimeoutMs (10 s); the issue's bound is delay + 250 ms,
    // asserted here with room for a loaded 2-core machine (process exit included); the printed figure is the real one.
    expect(took).toBeLessThan(readinessDelayMs + 2000);
    expect(app.output()).toMatch(/HTTP server drained in \d+ ms \(500 connection\(s\) were open\)/);
  });

  it(
    `cuts a request that never ends at the drain deadline, with the configured code (${deadlineRuns} runs)`,
    async () => {
      const readinessDelayMs = 200;
      const drainTimeoutMs = 1000;
      const errors: number[] = [];
      for (let run = 0; run < deadlineRuns; run++) {
        const app = await startChild({
          adapter,
          options: { readinessDelayMs, drainTimeoutMs, timeoutMs: 5000, timeoutExitCode: 3 },
        });
        const never = get(`${app.url}/never`, false);
        await sleep(100);
        const signalAt = app.signal('SIGTERM');
        const exit = await app.exited;
        const reply = await never;
        errors.push(Math.round(exit.at - signalAt - (readinessDelayMs + drainTimeoutMs)));
        expect(exit.code).toBe(3);
        expect(reply.ok).toBe(false);
        expect(app.output()).toMatch(/cut 1 open connection\(s\)/);
        expect(app.output()).toMatch(/Shutdown complete in \d+ ms; exiting with code 3/);
      }
      figures.push(
        `${adapter} never-ending request, ${deadlineRuns} runs: exit minus (delay + drain) = ${errors.join(', ')} ms ` +
          `(min ${Math.min(...errors)}, max ${Math.max(...errors)}; ${errors.filter((e) => Math.abs(e) <= 250).length}/${errors.length} within ±250 ms)`,
      );
      // Never early. Late by at most 250 ms (the issue's bound) on a quiet machine; asserted with +1500 ms here so that
      // a loaded CI box does not flake, which still fails if the cut did not happen (the next stop is timeoutMs:
      // 3800 ms later). The figure printed at the end is the real one.
      for (const error of errors) {
        expect(error).toBeGreaterThanOrEqual(-250);
        expect(error).toBeLessThanOrEqual(1500);
      }
    },
    60_000 + deadlineRuns * 5000,
  );

  it('exits at the hard deadline with timeoutExitCode when closing hangs', async () => {
    const timeoutMs = 1500;
    const app = await startChild({
      adapter,
      hangOnClose: true,
      options: { readinessDelayMs: 0, drainTimeoutMs: 500, timeoutMs, timeoutExitCode: 4 },
    });
    const signalAt = app.signal('SIGTERM');
    const exit = await app.exited;
    const error = Math.round(exit.at - signalAt - timeoutMs);
    figures.push(`${adapter} hard deadline: exit minus timeoutMs = ${error} ms`);
    expect(exit.code).toBe(4);
    // Never early; late by at most 250 ms on a quiet machine, asserted with room for a loaded CI box.
    expect(error).toBeGreaterThanOrEqual(-250);
    expect(error).toBeLessThanOrEqual(1000);
    expect(app.output()).toMatch(/Shutdown deadline of 1500 ms reached during close/);
    expect(app.output()).toMatch(/exiting with code 4/);
  });

  it('runs every hook once and exits 0 when two signals arrive in a row', async () => {
    const app = await startChild({ adapter, options: { readinessDelayMs: 300 } });
    app.signal('SIGTERM');
    await sleep(100);
    app.signal('SIGINT');
    await sleep(100);
    app.signal('SIGTERM');
    const exit = await app.exited;
    const out = app.output();
    expect(exit.code).toBe(0);
    expect(app.count('state:shutting-down')).toBe(1);
    expect(app.count('hook:queue')).toBe(1);
    expect(app.count('hook:decorated')).toBe(1);
    expect(app.count('resource:closed')).toBe(1);
    // Hooks in order, before resources close.
    expect(out.indexOf('hook:queue')).toBeLessThan(out.indexOf('hook:decorated'));
    expect(out.indexOf('hook:decorated')).toBeLessThan(out.indexOf('resource:closed'));
    // The user's handler ran once per SIGTERM received, never for a re-raised signal.
    expect(app.count('user:sigterm')).toBe(2);
    expect(out).toMatch(/Received SIGINT again during shutdown \(readiness-delay\): already shutting down, ignored/);
    // The final log line, then the exit event.
    const lines = out.trim().split('\n');
    expect(lines.at(-2)).toMatch(/Shutdown complete in \d+ ms; exiting with code 0/);
    expect(lines.at(-1)).toBe('process:exit 0');
  });

  it('exits at once on a second signal with forceExitOnSecondSignal', async () => {
    const app = await startChild({
      adapter,
      options: { readinessDelayMs: 5000, timeoutMs: 20_000, forceExitOnSecondSignal: true, timeoutExitCode: 5 },
    });
    app.signal('SIGTERM');
    await sleep(200);
    const secondAt = app.signal('SIGTERM');
    const exit = await app.exited;
    expect(exit.code).toBe(5);
    expect(exit.at - secondAt).toBeLessThan(1000);
    expect(app.count('hook:queue')).toBe(0);
  });
});
