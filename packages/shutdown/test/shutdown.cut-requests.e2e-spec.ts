// Requests still running at the drain deadline are cut; each one must still get its request line (@ballast/logger)
// before the process exits, on Express and Fastify. Real child processes (test/fixtures/app.mjs with `logger: true`:
// the built dists of @ballast/shutdown and @ballast/logger) receiving a real SIGTERM. NestJS 12 only, like
// shutdown.signals.e2e-spec.ts (see there why). Build first: `pnpm --filter @ballast/shutdown build` and
// `pnpm --filter @ballast/logger build`.
import { sleep } from '@ballast/test-support';
import { assertDistBuilt, get, killAllChildren, startChild, type ChildApp } from './support/child-app.js';

const onNest11 = 'default' in (await import('@nestjs/common'));
if (onNest11)
  process.stdout.write('skipped: shutdown child-process tests (they run the NestJS 12 dist; see the NestJS 12 run)\n');
const describeChild = onNest11 ? describe.skip : describe;

const adapterNames = [{ name: 'express' as const }, { name: 'fastify' as const }];

beforeAll(() => {
  if (!onNest11) assertDistBuilt();
});
afterAll(() => killAllChildren());

/** The JSON lines the child printed on stdout, in order (other lines skipped). */
function jsonLines(app: ChildApp): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const line of app.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line cut by the exit would show up as a missing request line below.
    }
  }
  return lines;
}

/** Waits for the child to exit by itself; fails (and kills it in afterAll) after `capMs`. */
async function exitedWithin(app: ChildApp, capMs: number): Promise<{ code: number | null }> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the app did not exit in ${capMs} ms:\n${app.output()}`)), capMs);
  });
  try {
    return await Promise.race([app.exited, cap]);
  } finally {
    clearTimeout(timer);
  }
}

describeChild.each(adapterNames)('requests cut at the drain deadline on $name', ({ name: adapter }) => {
  const drainTimeoutMs = 1000;

  it('writes the request line (aborted, status 0, duration) of a request cut before its response', async () => {
    const app = await startChild({
      adapter,
      logger: true,
      options: { readinessDelayMs: 500, drainTimeoutMs, timeoutMs: 10_000, timeoutExitCode: 3 },
    });
    const slow = get(`${app.url}/slow?ms=30000`, false, 25_000);
    // The request reaches the handler within this sleep or the readiness delay (500 ms), while the app still serves.
    await sleep(300);
    app.signal('SIGTERM');
    const exit = await exitedWithin(app, 20_000);
    const reply = await slow;
    expect(exit.code).toBe(3);
    expect(reply.ok).toBe(false); // cut: the client got no response

    const lines = jsonLines(app);
    const requestLines = lines.filter((l) => l.path === '/slow');
    expect(requestLines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'request aborted',
        method: 'GET',
        route: '/slow',
        aborted: true,
        statusCode: 0,
        durationMs: expect.any(Number),
      }),
    ]);
    // Cut at the deadline, not before: it ran at least the readiness delay plus the drain timeout.
    expect(requestLines[0]!.durationMs as number).toBeGreaterThanOrEqual(500 + drainTimeoutMs);
    // Written before the shutdown's last line: it reached the output before the exit.
    const lineAt = lines.indexOf(requestLines[0]!);
    const completeAt = lines.findIndex((l) => /^Shutdown complete/.test(String(l.msg)));
    expect(completeAt).toBeGreaterThan(lineAt);
  }, 40_000);

  it('writes the status the client already received for a response cut mid-way', async () => {
    const app = await startChild({
      adapter,
      logger: true,
      options: { readinessDelayMs: 500, drainTimeoutMs, timeoutMs: 10_000, timeoutExitCode: 3 },
    });
    const stream = get(`${app.url}/stream`, false, 25_000);
    await sleep(300);
    app.signal('SIGTERM');
    const exit = await exitedWithin(app, 20_000);
    const reply = await stream;
    expect(exit.code).toBe(3);
    expect(reply.ok).toBe(false);

    expect(jsonLines(app).filter((l) => l.path === '/stream')).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'request aborted',
        aborted: true,
        statusCode: 206,
        durationMs: expect.any(Number),
      }),
    ]);
  }, 40_000);
});
