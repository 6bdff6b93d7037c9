// Requests/s of a small async route with and without the request context, Express and Fastify, from one run.
//   pnpm --filter @ballast/context build && node bench/suites/context.mjs [seconds per round] [rounds] [connections]
// Cases (see bench/apps/context-cases.mjs): none = no context module; floor = a bare AsyncLocalStorage.run() in the
// adapter's request hook (the least any ALS-based context costs); ballast = BallastContextModule.forRoot();
// cls = nestjs-cls 6 middleware (the alternative); both = an app using the two. Each app runs in its own process;
// autocannon runs here. Rounds alternate the order of the cases, and the median of the rounds is reported, so a
// busy neighbour on the machine does not land on one case only. Requests carry no x-request-id: every request
// generates one (the costlier path).
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { load } from '../lib/load.mjs';
import { startServer } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';
import { positionalArgs } from '../lib/args.mjs';

const args = positionalArgs({ seconds: 5, rounds: 5, connections: 50 });
const SECONDS = args.seconds;
const ROUNDS = args.rounds;
const CONNECTIONS = args.connections;
// BENCH_ADAPTERS=fastify BENCH_CASES=none,ballast narrow a run (the default is everything).
const ADAPTERS = (process.env.BENCH_ADAPTERS ?? 'express,fastify').split(',');
const CASES = (process.env.BENCH_CASES ?? 'none,floor,ballast,cls,both').split(',');
const main = fileURLToPath(new URL('../apps/context-cases.mjs', import.meta.url));

// Not pinned, and NODE_ENV as this process has it (the stack's apps run pinned, in production mode).
async function start(adapter, caseName) {
  const app = { main, args: [caseName], path: '/hello', env: { NODE_ENV: process.env.NODE_ENV } };
  const server = await startServer(app, adapter, { pin: false });
  return { adapter, caseName, ...server };
}

function run(url, duration) {
  return load(url, { connections: CONNECTIONS, duration });
}

const apps = [];
for (const adapter of ADAPTERS) for (const caseName of CASES) apps.push(await start(adapter, caseName));
try {
  // Correctness first: each app answers, and the ballast cases echo a well-formed incoming id.
  for (const app of apps) {
    const res = await fetch(app.url, { headers: { 'x-request-id': 'bench-check-1' } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${app.adapter}/${app.caseName}: status ${res.status}`);
    if (app.caseName === 'ballast' || app.caseName === 'both') {
      if (res.headers.get('x-request-id') !== 'bench-check-1' || body.requestId !== 'bench-check-1') {
        throw new Error(`${app.adapter}/${app.caseName}: request id not echoed (${JSON.stringify(body)})`);
      }
    }
    await run(app.url, 1); // warm-up
  }
  const results = new Map(apps.map((app) => [app, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? apps : [...apps].reverse();
    for (const app of order) {
      const cpuBefore = await app.cpuMicros();
      const r = await run(app.url, SECONDS);
      const cpu = (await app.cpuMicros()) - cpuBefore;
      if (r.errors || r.non2xx)
        throw new Error(`${app.adapter}/${app.caseName}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      results.get(app).push({ rps: r.requests.average, p99: r.latency.p99, cpuPerRequest: cpu / r.requests.total });
      process.stderr.write(
        `round ${round + 1}/${ROUNDS} ${app.adapter} ${app.caseName}: ${Math.round(r.requests.average)} req/s\n`,
      );
    }
  }
  const rows = [];
  for (const adapter of ADAPTERS) {
    const baseline = results.get(apps.find((a) => a.adapter === adapter && a.caseName === 'none'));
    const base = baseline && median(baseline.map((r) => r.rps));
    const baseCpu = baseline && median(baseline.map((r) => r.cpuPerRequest));
    for (const app of apps.filter((a) => a.adapter === adapter)) {
      const rps = median(results.get(app).map((r) => r.rps));
      const cpu = median(results.get(app).map((r) => r.cpuPerRequest));
      rows.push({
        adapter,
        case: app.caseName,
        rps: Math.round(rps),
        ratio: base ? Number((rps / base).toFixed(3)) : null,
        cpuMicrosPerRequest: Number(cpu.toFixed(1)),
        cpuRatio: baseCpu ? Number((cpu / baseCpu).toFixed(3)) : null,
        p99ms: median(results.get(app).map((r) => r.p99)),
      });
    }
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  const fmt = (x) => (x === null ? 'n/a' : x.toFixed(3));
  process.stdout.write(
    `| adapter | case | req/s (median of ${ROUNDS}) | req/s vs none | server CPU µs/req | CPU vs none | p99 ms |\n` +
      '|---|---|---:|---:|---:|---:|---:|\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.adapter} | ${r.case} | ${r.rps} | ${fmt(r.ratio)} | ${r.cpuMicrosPerRequest} | ${fmt(r.cpuRatio)} | ${r.p99ms} |\n`,
    );
  }
  process.stdout.write(`\n${SECONDS} s × ${ROUNDS} rounds, ${CONNECTIONS} connections; ${machine}\n`);
  process.stdout.write(JSON.stringify({ seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, rows }) + '\n');
} finally {
  for (const app of apps) await app.stop();
}
