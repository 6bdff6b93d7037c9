// Hit path of @ballast/cache against a plain Map and raw cache-manager 7, in memory and on Redis, from one run.
//   pnpm --filter @ballast/cache build && REDIS_URL=redis://127.0.0.1:6379 node bench/suites/cache.mjs [rounds]
// Every case reads one warm key in a loop (`await get(key)`); rounds alternate the order of the cases and the median
// of the rounds is reported, so a busy neighbour on the machine does not land on one case only. Redis cases run
// sequentially (latency: one command in flight) and with 64 reads in flight (throughput). Without REDIS_URL only the
// memory cases run. Keys live under a random `bench:` namespace and are deleted at the end (never FLUSHDB).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { median } from '../lib/stats.mjs';
import { positionalArgs } from '../lib/args.mjs';

const { rounds: ROUNDS } = positionalArgs({ rounds: 7 });
const REDIS_URL = process.env.REDIS_URL;
const pkg = new URL('../../packages/cache/', import.meta.url);
const require = createRequire(new URL('package.json', pkg));
const load = (name) => import(pathToFileURL(require.resolve(name)).href);

const { Module } = await load('@nestjs/common');
const { NestFactory } = await load('@nestjs/core');
const { createCache } = await load('cache-manager');
const { createKeyv } = await load('@keyv/redis');
const ballast = await import(new URL('dist/index.js', pkg).href);
const versions = Object.fromEntries(
  ['cache-manager', 'keyv', '@keyv/redis', 'lru-cache', '@nestjs/core'].map((name) => [
    name,
    packageVersion(require.resolve(name), name),
  ]),
);

/** Version from the package.json above the resolved entry (some packages do not export ./package.json). */
function packageVersion(entry, name) {
  const dir = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
  return JSON.parse(readFileSync(`${dir}package.json`, 'utf8')).version;
}

const value = { id: 42, name: 'Ada Lovelace', roles: ['admin', 'author'], profile: { country: 'UK', active: true } };
const namespace = `bench:${randomBytes(4).toString('hex')}`;

async function ballastCache(options) {
  class AppModule {}
  Module({ imports: [ballast.BallastCacheModule.forRoot({ namespace, ...options })] })(AppModule);
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  return { app, cache: app.get(ballast.CacheService) };
}

/** ns per operation of `op`, run `n` times sequentially (or `inflight` at a time). */
async function measure(op, n, inflight = 1) {
  for (let i = 0; i < Math.min(n, 2_000); i++) await op(); // warm-up
  const started = process.hrtime.bigint();
  if (inflight === 1) {
    for (let i = 0; i < n; i++) await op();
  } else {
    let left = n;
    await Promise.all(
      Array.from({ length: inflight }, async () => {
        while (left-- > 0) await op();
      }),
    );
  }
  return Number(process.hrtime.bigint() - started) / n;
}

const cases = [];
const closers = [];

// Memory
const map = new Map([['user:42', value]]);
cases.push({ group: 'memory', name: 'plain Map (sync get)', n: 2_000_000, op: () => map.get('user:42'), sync: true });
cases.push({ group: 'memory', name: 'plain Map (await get)', n: 500_000, op: async () => map.get('user:42') });
const cm = createCache();
await cm.set('user:42', value);
cases.push({ group: 'memory', name: 'raw cache-manager get', n: 500_000, op: () => cm.get('user:42') });
const mem = await ballastCache({ store: 'memory' });
closers.push(() => mem.app.close());
await mem.cache.set('user:42', value);
cases.push({ group: 'memory', name: 'ballast CacheService.get', n: 500_000, op: () => mem.cache.get('user:42') });

// Redis
if (REDIS_URL) {
  const keyv = createKeyv(REDIS_URL, { namespace: `${namespace}:raw` });
  const cmRedis = createCache({ stores: [keyv] });
  await cmRedis.set('user:42', value);
  closers.push(async () => {
    await cmRedis.del('user:42');
    await cmRedis.disconnect();
  });
  const red = await ballastCache({ store: 'redis', url: REDIS_URL });
  await red.cache.set('user:42', value);
  closers.push(async () => {
    await red.cache.clear();
    await red.app.close();
  });
  for (const inflight of [1, 64]) {
    const suffix = inflight === 1 ? 'sequential' : `${inflight} in flight`;
    const group = `redis ${suffix}`;
    // Paired: raw and ballast alternate in small batches, so both see the same noise from other processes
    // (Redis latency on a shared machine swings far more than either client's CPU cost).
    cases.push({
      group,
      paired: true,
      n: inflight === 1 ? 5_000 : 50_000,
      inflight,
      names: ['raw cache-manager get', 'ballast CacheService.get'],
      ops: [() => cmRedis.get('user:42'), () => red.cache.get('user:42')],
    });
  }
  // Sanity: both read the value.
  if ((await red.cache.get('user:42'))?.name !== value.name) throw new Error('ballast redis read failed');
  if ((await cmRedis.get('user:42'))?.name !== value.name) throw new Error('raw redis read failed');
}

/** Alternates batches of the two ops; returns ns/op of each. */
async function measurePaired(ops, n, inflight) {
  const batch = inflight === 1 ? 100 : 6_400;
  const totals = [0n, 0n];
  for (const op of ops) await measure(op, 500, inflight); // warm-up
  for (let done = 0, i = 0; done < n; done += batch, i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const started = process.hrtime.bigint();
      if (inflight === 1) {
        for (let j = 0; j < batch; j++) await ops[k]();
      } else {
        let left = batch;
        await Promise.all(
          Array.from({ length: inflight }, async () => {
            while (left-- > 0) await ops[k]();
          }),
        );
      }
      totals[k] += process.hrtime.bigint() - started;
    }
  }
  const batches = Math.ceil(n / batch);
  return totals.map((t) => Number(t) / (batches * batch));
}

const samples = new Map(cases.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? cases : [...cases].reverse();
  for (const c of order) {
    let ns;
    if (c.paired) {
      ns = await measurePaired(c.ops, c.n, c.inflight);
    } else if (c.sync) {
      const started = process.hrtime.bigint();
      let sink = 0;
      for (let i = 0; i < c.n; i++) if (c.op()) sink++;
      ns = Number(process.hrtime.bigint() - started) / c.n;
      if (sink !== c.n) throw new Error('map miss');
    } else {
      ns = await measure(c.op, c.n, c.inflight);
    }
    samples.get(c).push(ns);
  }
}

const rows = cases.flatMap((c) =>
  c.paired
    ? c.names.map((name, k) => ({ group: c.group, name, ns: median(samples.get(c).map((pair) => pair[k])) }))
    : [{ ...c, ns: median(samples.get(c)) }],
);
console.log(
  `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `versions: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; ${ROUNDS} rounds, median`,
);
console.log('');
console.log('| group | case | ns/op | ops/s | vs raw cache-manager |');
console.log('| --- | --- | ---: | ---: | --- |');
for (const row of rows) {
  const raw = rows.find((r) => r.group === row.group && r.name === 'raw cache-manager get');
  const diff =
    raw && row !== raw
      ? `${(row.ns / raw.ns).toFixed(2)}× (${row.ns >= raw.ns ? '+' : ''}${((row.ns - raw.ns) / 1000).toFixed(3)} µs)`
      : '';
  console.log(
    `| ${row.group} | ${row.name} | ${row.ns.toFixed(0)} | ${Math.round(1e9 / row.ns).toLocaleString('en-US')} | ${diff} |`,
  );
}
for (const close of closers) await close();
