// Same-core A/B: two benchmark apps run *at the same time*, both pinned to the second core, each driven by its own
// autocannon from this process (first core); prints each app's server CPU µs per request per round, and B − A.
// Both apps live through the same machine speed at every instant, so the drift that moves sequential rounds by
// tens of percent cancels out: an A/A run (the same app twice) stays within ±2 µs/req on Fastify here, against
// ±5 µs for the paired sequential rounds of bench/suites/stack.mjs. Absolute figures are higher (the apps share a core
// and its caches); read the difference, and its ratio to A. The measuring loop is sameCore() of bench/lib/same-core.mjs.
//   node bench/tools/same-core.mjs <express|fastify> <rounds> <seconds> <appA>[:K=V;K=V] <appB>[:K=V;K=V]
//   e.g. node bench/tools/same-core.mjs fastify 5 3 bare-als.mjs 'ballast-modules.mjs:MODULES=context'
// Apps are file names in bench/apps/; `K=V` pairs (separated by `;`) go into that app's environment. BENCH_NODE=<major>
// runs both apps on that Node (bench/lib/server.mjs).
import { positionalArgs } from '../lib/args.mjs';
import { sameCore } from '../lib/same-core.mjs';

const { adapter, rounds, seconds, rest: specs } = positionalArgs({ adapter: 'fastify', rounds: 5, seconds: 3 });
if (specs.length !== 2) {
  console.error(
    'usage: node bench/tools/same-core.mjs <express|fastify> <rounds> <seconds> <appA>[:K=V;...] <appB>[:K=V;...]',
  );
  process.exit(2);
}

console.log(`| round | A: ${specs[0]} | B: ${specs[1]} | B − A µs/req |\n| ---: | ---: | ---: | ---: |`);
const result = await sameCore({
  adapter,
  rounds,
  seconds,
  a: specs[0],
  b: specs[1],
  onRound: ({ round, a, b, delta }) =>
    console.log(`| ${round} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${delta.toFixed(1)} |`),
});
console.log(`median B − A: ${result.median.toFixed(1)} µs/req`);
