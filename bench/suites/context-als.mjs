// What AsyncLocalStorage costs by itself on this Node: ns per `await` with no store ever entered, and inside
// als.run(). Each mode runs in its own process, because once a store is entered the async hook stays on for all.
//   node bench/suites/context-als.mjs            (runs both modes and prints the ratio)
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from '../lib/stats.mjs';
import { positionalArgs } from '../lib/args.mjs';

const { mode } = positionalArgs({ mode: undefined });
if (!mode) {
  const run = (m) =>
    JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), m], { encoding: 'utf8' }));
  const results = [];
  for (let i = 0; i < 3; i++) results.push(run('plain'), run('als'));
  const plain = median(results.filter((r) => r.mode === 'plain').map((r) => r.nsPerAwait));
  const als = median(results.filter((r) => r.mode === 'als').map((r) => r.nsPerAwait));
  process.stdout.write(
    JSON.stringify({
      node: process.version,
      nsPerAwait: { plain, insideAlsRun: als },
      ratio: Number((als / plain).toFixed(2)),
    }) + '\n',
  );
} else {
  const als = new AsyncLocalStorage();
  const inner = async (i) => {
    await null;
    await null;
    return i;
  };
  const work = async () => {
    let s = 0;
    for (let k = 0; k < 20; k++) s += await inner(k);
    return s;
  };
  const N = 20_000;
  const batch = () =>
    Promise.all(Array.from({ length: N }, (_, i) => (mode === 'als' ? als.run({ i }, work) : work())));
  await batch();
  const times = [];
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    await batch();
    times.push(Number(process.hrtime.bigint() - t) / N / 60); // 60 awaits per work()
  }
  process.stdout.write(JSON.stringify({ mode, nsPerAwait: Math.round(median(times)) }) + '\n');
}
