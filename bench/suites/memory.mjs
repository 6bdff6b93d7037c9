// Memory on Fastify: resident memory (RSS) and V8 heap used of bare NestJS and of the modules app (all seven ballast
// modules, request line on) after 100,000 requests, and of both again after 1,000,000: the leak check of the bench
// (not of CI). Bare NestJS runs the same requests because a Node process's RSS itself keeps growing for a while
// (V8 and the allocator keep pages they used): what counts is the modules app's growth beyond bare's. Each server runs alone, pinned like every other (bench/lib/server.mjs), with --expose-gc, and
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
 * No growth: what the process keeps after a full GC, the V8 heap used and the memory outside it (external and array
 * buffers: Buffers, native handles), grows by less than 2 MB from `requests` to 10 × `requests` (with the default
 * 900,000 requests in between, a leak of even one small object per request, 16 bytes or more, would be 14 MB). RSS
 * is reported, not judged: it follows V8's heap reservation (heapTotal), which V8 enlarges (its young generation
 * doubles) when a process allocates fast for long enough, then keeps: +31 MB of RSS on Node 24 somewhere between
 * 100,000 and 400,000 requests with the request line, flat afterwards, the same with the line off a little later.
 */
export const noGrowthRule = 'heap used + external memory after a full GC grow < 2 MB between the two readings';
export const noGrowth = ({ heapGrowth, externalGrowth }) => heapGrowth + externalGrowth < 2 * MB;

/** Sends `amount` requests to a server; throws when any failed. */
async function send(server, amount, connections) {
  const result = await load(server.url, { amount, connections });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${failed} of ${amount} requests failed`);
}

/**
 * Bare Nest and the modules app (Fastify) after `requests` requests, and both again after 10 × `requests`.
 * Returns { requests, total, bare: { rss, heapUsed }, bareAtTotal, modules, modulesAtTotal, rssDelta, heapDelta,
 * rssGrowth, heapGrowth, bareRssGrowth, heapTotalGrowth, externalGrowth, noGrowth } in bytes.
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
  const [bare, bareAtTotal] = await read(bareMain, {}, [requests, total - requests]);
  log(
    `  bare NestJS after ${requests} requests: RSS ${(bare.rss / MB).toFixed(1)} MB; ` +
      `after ${total}: ${(bareAtTotal.rss / MB).toFixed(1)} MB`,
  );
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
    bareAtTotal,
    modules,
    modulesAtTotal,
    rssDelta: modules.rss - bare.rss,
    heapDelta: modules.heapUsed - bare.heapUsed,
    rssGrowth: modulesAtTotal.rss - modules.rss,
    heapGrowth: modulesAtTotal.heapUsed - modules.heapUsed,
    bareRssGrowth: bareAtTotal.rss - bare.rss,
    heapTotalGrowth: modulesAtTotal.heapTotal - modules.heapTotal,
    externalGrowth: modulesAtTotal.external + modulesAtTotal.arrayBuffers - (modules.external + modules.arrayBuffers),
  };
  return { ...result, noGrowth: noGrowth(result) };
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
    [`bare, ${result.total}`]: { rss: mb(result.bareAtTotal.rss), heapUsed: mb(result.bareAtTotal.heapUsed) },
    [`modules, ${result.total}`]: { rss: mb(result.modulesAtTotal.rss), heapUsed: mb(result.modulesAtTotal.heapUsed) },
  });
  console.log(
    `growth ${result.requests} → ${result.total}: RSS ${mb(result.rssGrowth)} (bare ${mb(result.bareRssGrowth)}), ` +
      `heap used ${mb(result.heapGrowth)}, heap reserved ${mb(result.heapTotalGrowth)}, ` +
      `external ${mb(result.externalGrowth)}: ` +
      `${result.noGrowth ? 'no growth' : 'GROWTH'} (${noGrowthRule})`,
  );
}
