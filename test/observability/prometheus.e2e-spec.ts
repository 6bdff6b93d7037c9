import { Agent } from 'node:http';
import { freePort } from '@ballast/test-support';
import { type App, ensureExampleBuilt, kill, send, startApp, waitUntil200 } from '../resilience/helpers.js';
import { installed, PrometheusServer, promtoolCheckMetrics, type Sample } from './prometheus.js';

// The built example app scraped by a real Prometheus (Debian's `prometheus` package; CI installs it in .ci/run):
// the exposition format, names and labels are checked by the server that will read them in production, not by a
// parser of ours. Prints every PromQL query it checked, with its result.

/**
 * How @opentelemetry/exporter-prometheus 0.223 names `http.server.request.duration` (unit `s`): dots become
 * underscores and NO unit suffix is added, so the series are `http_server_request_duration_bucket|_sum|_count`, with
 * a `# UNIT http_server_request_duration s` comment line (not `http_server_request_duration_seconds_*`).
 */
const HISTOGRAM = 'http_server_request_duration';
const ROUTE = '/users/:id';
const JOB = 'ballast-example';
const WINDOW = '30s';

const ready = installed('prometheus') && installed('promtool');
const inCi = process.env.CI === 'true';
if (!ready && !inCi) {
  process.stdout.write('skipped: test/observability needs prometheus and promtool (apt-get install prometheus)\n');
}

const show = (samples: Sample[]): string =>
  samples.length === 0
    ? '(empty)'
    : samples.map((s) => `${JSON.stringify(s.metric)} ${Number(s.value.toPrecision(4))}`).join('; ');

(ready || inCi ? describe : describe.skip)('the example app, scraped by a real Prometheus', () => {
  let app: App | undefined;
  let prometheus: PrometheusServer | undefined;
  let managementUrl = '';
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  beforeAll(async () => {
    if (!ready) {
      throw new Error('prometheus or promtool is not installed, and CI=true: install it (apt-get install prometheus)');
    }
    ensureExampleBuilt();
    const managementPort = await freePort();
    managementUrl = `http://127.0.0.1:${managementPort}`;
    [app, prometheus] = await Promise.all([
      startApp({ HTTP_ADAPTER: 'express', MANAGEMENT_PORT: String(managementPort) }),
      PrometheusServer.start(JOB, `127.0.0.1:${managementPort}`),
    ]);
    await waitUntil200(app);
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    await kill(app);
    await prometheus?.stop();
  });

  /** Runs the query until `accept` holds, prints it with its result, and returns the samples. */
  async function check(promql: string, accept: (samples: Sample[]) => boolean): Promise<Sample[]> {
    const samples = await prometheus!.waitFor(promql, accept);
    console.info(`PromQL ${promql}\n  => ${show(samples)}`);
    return samples;
  }

  /** Reads each user `times` times: the first read of each is a miss (loaded), the others cache hits. */
  async function readUsers(ids: string[], times: number): Promise<void> {
    for (let round = 0; round < times; round += 1) {
      await Promise.all(
        ids.map((id) => send(`${app!.url}/users/${id}`, { agent }).then((r) => expect(r.status).toBe(200))),
      );
    }
  }

  it('scrapes /metrics on the management port: up, request rate by route, cache hit ratio, promtool', async () => {
    const up = await check(`up{job="${JOB}"}`, (s) => s.length === 1 && s[0]!.value === 1);
    expect(up[0]!.value).toBe(1);

    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await send(`${app!.url}/users`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `scrape-${i}-${Date.now()}@example.com`, name: 'Ada', password: 'Analytical1' }),
      });
      expect(created.status).toBe(201);
      ids.push((JSON.parse(created.text) as { id: string }).id);
    }

    // Two bursts with a scrape between them: rate() needs the counter to grow between two samples.
    await readUsers(ids, 5);
    await check(`sum(${HISTOGRAM}_count{http_route="${ROUTE}"})`, (s) => (s[0]?.value ?? 0) >= 15);
    await readUsers(ids, 5);

    const rate = await check(
      `sum(rate(${HISTOGRAM}_count{http_route="${ROUTE}"}[${WINDOW}]))`,
      (s) => (s[0]?.value ?? 0) > 0,
    );
    expect(rate[0]!.value).toBeGreaterThan(0);

    await check(
      `histogram_quantile(0.95, sum by (le) (rate(${HISTOGRAM}_bucket{http_route="${ROUTE}"}[${WINDOW}])))`,
      (s) => s.length === 1 && Number.isFinite(s[0]!.value),
    );

    const hitRatio = await check(
      `sum by (cache_tier) (rate(ballast_cache_requests_total{cache_result="hit"}[${WINDOW}])) / ` +
        `sum by (cache_tier) (rate(ballast_cache_requests_total[${WINDOW}]))`,
      (s) => s.some((sample) => sample.value > 0),
    );
    expect(hitRatio.find((s) => s.metric.cache_tier === 'memory')?.value).toBeGreaterThan(0);
    // Since start, first reads (misses) included.
    await check(
      `sum(ballast_cache_requests_total{cache_result="hit"}) / sum(ballast_cache_requests_total)`,
      (s) => (s[0]?.value ?? 0) > 0,
    );

    // The exposition itself: the naming above, buckets in seconds (the instruments' advice), and promtool's lint.
    const text = (await send(`${managementUrl}/metrics`)).text;
    expect(text).toContain(`# UNIT ${HISTOGRAM} s`);
    expect(text).toMatch(new RegExp(`^${HISTOGRAM}_bucket\\{[^}]*http_route="/users/:id"[^}]*le="0.005"\\} \\d+`, 'm'));
    expect(text).not.toContain(`${HISTOGRAM}_seconds`);
    const lint = promtoolCheckMetrics(text);
    console.info(`promtool check metrics: exit ${lint.status}${lint.output ? `\n${lint.output}` : ' (no problems)'}`);
    expect(lint).toEqual({ status: 0, output: '' });
  }, 60_000);
});
