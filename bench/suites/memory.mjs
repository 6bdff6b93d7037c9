// Memory on Fastify: resident memory (RSS) and V8 heap used of bare NestJS and of the modules app (all seven ballast
// modules, request line on) after 100,000 requests, and of the modules app again after 1,000,000: the leak check of
// the bench (not of CI). Each server runs alone, pinned like every other (bench/lib/server.mjs), with --expose-gc, and
// is read over IPC after a full garbage collection, so that what grows is memory the process keeps.
//   node bench/suites/memory.mjs      (or `pnpm bench` for everything)
// Env: MEMORY_REQUESTS (default 100000; the leak check runs to 10× that), CONNECTIONS (default 10),
// BENCH_NODE=<major> to run the servers on that Node.
import { fileURLToPath } from 'node:url';
import { load } from '../lib/load.mjs';
import { startServer } from '../lib/server.mjs';
import { bareMain, modulesMain } from './stack.mjs';

const MB = 2 ** 20;

/**
 * No growth: heap used after a full GC grows by less than 2 MB from `requests` to 10 × `requests` (with the default
 * 900,000 requests in between, a leak of even one small object per request, 16 bytes or more, would be 14 MB), and
 * RSS by less than 5 % (the allocator and V8's code space may still settle a little after the first readings).
 */
export const noGrowthRule = 'heap used after a full GC grows < 2 MB and RSS < 5 % between the two readings';
export const noGrowth = ({ heapGrowth, rssGrowth, rssAt }) => heapGrowth < 2 * MB && rssGrowth < 0.05 * rssAt;

/** Sends `amount` requests to a server; throws when any failed. */
async function send(server, amount, connections) {
  const result = await load(server.url, { amount, connections });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${failed} of ${amount} requests failed`);
}

/**
 * Bare Nest and the modules app (Fastify) after `requests` requests, and the modules app after 10 × `requests`.
 * Returns { requests, total, bare: { rss, heapUsed }, modules, modulesAtTotal, rssDelta, heapDelta, rssGrowth,
 * heapGrowth, noGrowth } in bytes.
 */
export async function memory({ requests = 100_000, connections = 10, adapter = 'fastify', log = console.log } = {}) {
  const total = requests * 10;
  const read = async (main, env, amounts) => {
    const server = await startServer({ main, env }, adapter, { nodeArgs: ['--expose-gc'] });
    try {
      const readings = [];
      for (const amount of amounts) {
        await send(server, amount, connections);
        const reading = await server.memory();
        if (!reading.gc) throw new Error('the server has no gc() (--expose-gc)');
        readings.push(reading);
      }
      return readings;
    } finally {
      await server.stop();
    }
  };
  const [bare] = await read(bareMain, {}, [requests]);
  log(`  bare NestJS after ${requests} requests: RSS ${(bare.rss / MB).toFixed(1)} MB`);
  const [modules, modulesAtTotal] = await read(modulesMain, { LOG_LEVEL: 'info' }, [requests, total - requests]);
  log(
    `  all modules after ${requests} requests: RSS ${(modules.rss / MB).toFixed(1)} MB; ` +
      `after ${total}: ${(modulesAtTotal.rss / MB).toFixed(1)} MB`,
  );
  const result = {
    adapter,
    requests,
    total,
    bare,
    modules,
    modulesAtTotal,
    rssDelta: modules.rss - bare.rss,
    heapDelta: modules.heapUsed - bare.heapUsed,
    rssGrowth: modulesAtTotal.rss - modules.rss,
    heapGrowth: modulesAtTotal.heapUsed - modules.heapUsed,
  };
  return { ...result, noGrowth: noGrowth({ ...result, rssAt: modules.rss }) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const result = await memory({
    requests: Number(env.MEMORY_REQUESTS ?? 100_000),
    connections: Number(env.CONNECTIONS ?? 10),
  });
  const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
  console.table({
    [`bare, ${result.requests}`]: { rss: mb(result.bare.rss), heapUsed: mb(result.bare.heapUsed) },
    [`modules, ${result.requests}`]: { rss: mb(result.modules.rss), heapUsed: mb(result.modules.heapUsed) },
    [`modules, ${result.total}`]: { rss: mb(result.modulesAtTotal.rss), heapUsed: mb(result.modulesAtTotal.heapUsed) },
  });
  console.log(
    `growth ${result.requests} → ${result.total}: RSS ${mb(result.rssGrowth)}, heap used ${mb(result.heapGrowth)}: ` +
      `${result.noGrowth ? 'no growth' : 'GROWTH'} (${noGrowthRule})`,
  );
}
