// Cost of the memory store's value policy on a hit: `CacheService.get` of one warm key, for small / medium / large
// values, under each candidate policy, with ratios against no protection measured in the same run.
//   pnpm --filter @ballast/cache build && node bench/suites/cache-values.mjs [rounds]
// Candidates (all through a real BallastCacheModule memory cache):
//   none              protectValues: false — every caller shares the stored object (the baseline)
//   freeze on write   the old policy: a deep-frozen copy stored, reads hand it out (reads cost what `none` costs)
//   copy on read      protectValues: true — a private mutable copy per read, class prototype kept (the policy)
//   structuredClone   `none` + structuredClone of each read (drops class prototypes)
//   JSON round trip   `none` + JSON.parse(JSON.stringify(...)) of each read (what a Redis read costs in CPU)
// Rounds alternate the order of the candidates; the median of the rounds is reported.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { median } from '../lib/stats.mjs';
import { positionalArgs } from '../lib/args.mjs';

const { rounds: ROUNDS } = positionalArgs({ rounds: 5 });
const pkg = new URL('../../packages/cache/', import.meta.url);
const require = createRequire(new URL('package.json', pkg));
const load = (name) => import(pathToFileURL(require.resolve(name)).href);
const { Module } = await load('@nestjs/common');
const { NestFactory } = await load('@nestjs/core');
const ballast = await import(new URL('dist/index.js', pkg).href);

class User {
  constructor(id) {
    this.id = id;
    this.name = 'Ada Lovelace';
    this.email = 'ada@example.com';
    this.roles = ['admin', 'author'];
    this.createdAt = new Date(0);
  }
}
const row = (i) => ({
  id: i,
  title: `Item ${i}`,
  price: i * 1.5,
  tags: ['a', 'b', 'c'],
  owner: { id: i % 7, name: 'owner', active: true },
});
const values = {
  small: new User(42), // 5 fields, one array, one Date
  medium: Object.assign(new User(7), { items: Array.from({ length: 10 }, (_, i) => row(i)) }), // ~70 nodes
  large: { page: 1, items: Array.from({ length: 200 }, (_, i) => row(i)) }, // ~1,400 nodes
};

function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}

async function memoryCache(protectValues) {
  class AppModule {}
  Module({ imports: [ballast.BallastCacheModule.forRoot({ store: 'memory', protectValues })] })(AppModule);
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  return { app, cache: app.get(ballast.CacheService) };
}

const shared = await memoryCache(false);
const copying = await memoryCache(true);
const candidates = [
  { name: 'none', op: (k) => shared.cache.get(k) },
  { name: 'freeze on write', op: (k) => shared.cache.get(`frozen:${k}`) },
  { name: 'copy on read', op: (k) => copying.cache.get(k) },
  { name: 'structuredClone', op: async (k) => structuredClone(await shared.cache.get(k)) },
  { name: 'JSON round trip', op: async (k) => JSON.parse(JSON.stringify(await shared.cache.get(k))) },
];
for (const [size, value] of Object.entries(values)) {
  await shared.cache.set(size, value);
  await shared.cache.set(`frozen:${size}`, deepFreeze(structuredCopy(value)));
  await copying.cache.set(size, value);
}
// Sanity: the policy gives a class instance of its own.
const read = await copying.cache.get('small');
if (!(read instanceof User) || read === (await copying.cache.get('small'))) throw new Error('copy on read broken');

function structuredCopy(value) {
  return Object.assign(Object.create(Object.getPrototypeOf(value)), structuredClone(value));
}

/** ops/s of `op(key)` over a fixed wall-clock budget (iterations scale with the cost of one op). */
async function opsPerSecond(op, key) {
  for (let i = 0; i < 500; i++) await op(key); // warm-up
  let n = 0;
  const started = process.hrtime.bigint();
  const budget = 200_000_000n; // 200 ms
  while (process.hrtime.bigint() - started < budget) {
    for (let i = 0; i < 100; i++) await op(key);
    n += 100;
  }
  return (n * 1e9) / Number(process.hrtime.bigint() - started);
}

const results = {}; // size -> name -> [ops/s per round]
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? candidates : [...candidates].reverse();
  for (const size of Object.keys(values)) {
    for (const { name, op } of order) ((results[size] ??= {})[name] ??= []).push(await opsPerSecond(op, size));
  }
}

console.log(`node ${process.version}, ${ROUNDS} rounds, median ops/s of CacheService.get (memory store)\n`);
console.log('| value | candidate | ops/s | vs none |');
console.log('| ----- | --------- | ----: | ------: |');
for (const [size, byName] of Object.entries(results)) {
  const base = median(byName.none);
  for (const { name } of candidates) {
    const ops = median(byName[name]);
    console.log(`| ${size} | ${name} | ${Math.round(ops).toLocaleString('en')} | ${(ops / base).toFixed(2)} |`);
  }
}
await shared.app.close();
await copying.app.close();
