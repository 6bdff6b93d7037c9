// Same-core A/B, the instrument for per-request deltas: two benchmark apps run *at the same time*, both pinned to the
// second core, each driven by its own autocannon from this process (first core); each round reads both servers' CPU
// µs per request, and B − A. Both apps live through the same machine speed at every instant, so the drift that moves
// sequential rounds by tens of percent cancels out (an A/A run stays within ±2 µs/req on Fastify). Absolute figures
// are higher than a server's alone (the apps share a core and its caches): read the difference. The CLI is
// bench/tools/same-core.mjs; `pnpm bench` (bench/suites/run.mjs) calls sameCore() once per case and Node.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './load.mjs';
import { startServer } from './server.mjs';
import { median, quartiles } from './stats.mjs';

const apps = fileURLToPath(new URL('../apps/', import.meta.url));

/** `app.mjs:K=V;K=V` → an app for startServer: a file name in bench/apps/, and `K=V` pairs for its environment. */
export function appFromSpec(spec) {
  const [app, pairs = ''] = spec.split(':');
  const env = Object.fromEntries(
    pairs
      .split(';')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return { name: spec, main: join(apps, app), env };
}

/** The shell command that reproduces one sameCore() run, with the servers on Node `node` (a major) when given. */
export function sameCoreCommand({ adapter, rounds, seconds, a, b, node }) {
  const quote = (spec) => (/[=;:]/.test(spec) ? `'${spec}'` : spec);
  return `${node ? `BENCH_NODE=${node} ` : ''}node bench/tools/same-core.mjs ${adapter} ${rounds} ${seconds} ${quote(a)} ${quote(b)}`;
}

/**
 * Runs apps `a` and `b` (specs as above) at the same time on one core for `rounds` rounds of `seconds` s each, after
 * a 2 s warm-up, on the Node of serverNode() (BENCH_NODE). `onRound({ round, a, b, delta })` sees each round.
 * Resolves with { deltas, median, quartiles, aPerReq, bPerReq }: the B − A of each round in µs/req, their median and
 * interquartile range, and the median µs/req of each app.
 */
export async function sameCore({ adapter = 'fastify', rounds = 5, seconds = 3, a, b, onRound = () => {} }) {
  const servers = [];
  try {
    for (const spec of [a, b]) servers.push(await startServer(appFromSpec(spec), adapter));
    await Promise.all(servers.map((s) => load(s.url, { duration: 2 }))); // warm-up, not measured
    const perReq = [[], []];
    const deltas = [];
    for (let round = 1; round <= rounds; round++) {
      const before = await Promise.all(servers.map((s) => s.cpuMicros()));
      const results = await Promise.all(servers.map((s) => load(s.url, { duration: seconds })));
      const after = await Promise.all(servers.map((s) => s.cpuMicros()));
      const [cpuA, cpuB] = servers.map((s, i) => (after[i] - before[i]) / results[i].requests.total);
      perReq[0].push(cpuA);
      perReq[1].push(cpuB);
      deltas.push(cpuB - cpuA);
      onRound({ round, a: cpuA, b: cpuB, delta: cpuB - cpuA });
    }
    return {
      deltas,
      median: median(deltas),
      quartiles: quartiles(deltas),
      aPerReq: median(perReq[0]),
      bPerReq: median(perReq[1]),
    };
  } finally {
    for (const s of servers) await s.stop();
  }
}
