// Same-core A/B: two benchmark apps run *at the same time*, both pinned to the second core, each driven by its own
// autocannon from this process (first core); prints each app's server CPU µs per request per round, and B − A.
// Both apps live through the same machine speed at every instant, so the drift that moves sequential rounds by
// tens of percent cancels out: an A/A run (the same app twice) stays within ±2 µs/req on Fastify here, against
// ±5 µs for the paired sequential rounds of bench/suites/stack.mjs. Absolute figures are higher (the apps share a core
// and its caches); read the difference, and its ratio to A.
//   node bench/tools/same-core.mjs <express|fastify> <rounds> <seconds> <appA>[:K=V;K=V] <appB>[:K=V;K=V]
//   e.g. node bench/tools/same-core.mjs fastify 5 3 bare-als.mjs 'ballast-modules.mjs:MODULES=context'
// Apps are file names in bench/apps/; `K=V` pairs (separated by `;`) go into that app's environment.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../lib/load.mjs';
import { startServer } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';
import { positionalArgs } from '../lib/args.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { adapter, rounds, seconds, rest: specs } = positionalArgs({ adapter: 'fastify', rounds: 5, seconds: 3 });
if (specs.length !== 2) {
  console.error(
    'usage: node bench/tools/same-core.mjs <express|fastify> <rounds> <seconds> <appA>[:K=V;...] <appB>[:K=V;...]',
  );
  process.exit(2);
}

/** `app.mjs:K=V;K=V` → an app for startServer (which pins the server to core 1 and this process to core 0). */
function variant(spec) {
  const [app, pairs = ''] = spec.split(':');
  const env = Object.fromEntries(
    pairs
      .split(';')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return { name: spec, main: join(here, '..', 'apps', app), env };
}

const servers = [];
try {
  for (const spec of specs) servers.push(await startServer(variant(spec), adapter));
  await Promise.all(servers.map((s) => load(s.url, { duration: 2 }))); // warm-up, not measured
  const deltas = [];
  console.log(`| round | A: ${specs[0]} | B: ${specs[1]} | B − A µs/req |\n| ---: | ---: | ---: | ---: |`);
  for (let round = 1; round <= rounds; round++) {
    const before = await Promise.all(servers.map((s) => s.cpuMicros()));
    const results = await Promise.all(servers.map((s) => load(s.url, { duration: seconds })));
    const after = await Promise.all(servers.map((s) => s.cpuMicros()));
    const [a, b] = servers.map((s, i) => (after[i] - before[i]) / results[i].requests.total);
    deltas.push(b - a);
    console.log(`| ${round} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b - a).toFixed(1)} |`);
  }
  console.log(`median B − A: ${median(deltas).toFixed(1)} µs/req`);
} finally {
  for (const s of servers) await s.stop();
}
