// What `pnpm bench` measures per Node and the targets it checks, as data: the same-core cases (bench/lib/same-core.mjs)
// with their per-Node limits, and targetRows(), which turns one run's figures into the rows of the page's targets
// table (bench/lib/page.mjs). A Node with no limit for a case shows its figure with "—" as the target.

/**
 * The per-request deltas, two apps at once on one core. `targets`: the issue's limit per Node major, in µs/req;
 * `noTarget`: a Node that is reported as having none; `metrics`: skipped with METRICS=0.
 */
export const SAME_CORE_CASES = [
  { id: 'aa', label: 'A/A: bare NestJS vs itself (the noise)', a: 'bare-nest.mjs', b: 'bare-nest.mjs' },
  {
    id: 'floor',
    label: 'floor: + one AsyncLocalStorage.run per request (no ballast)',
    a: 'bare-nest.mjs',
    b: 'bare-als.mjs',
  },
  {
    id: 'modules',
    label: 'all ballast modules, request line on',
    a: 'bare-nest.mjs',
    b: 'ballast-modules.mjs',
    targets: { 24: 6, 20: 12 },
  },
  {
    id: 'nolog',
    label: 'all ballast modules, request line off',
    a: 'bare-nest.mjs',
    b: 'ballast-modules.mjs:LOG_LEVEL=warn',
    targets: { 24: 2, 20: 7.5 },
  },
  {
    id: 'metrics',
    label: 'all ballast modules, metrics on (OpenTelemetry SDK)',
    a: 'bare-nest.mjs',
    b: 'ballast-modules.mjs:OTEL=1',
    targets: { 24: 8 },
    noTarget: [20],
    metrics: true,
  },
  {
    id: 'metrics-share',
    label: "ballast's share of metrics: all modules vs + no-op instruments",
    a: 'ballast-modules.mjs',
    b: 'ballast-modules.mjs:OTEL=noop',
    metrics: true,
  },
  {
    id: 'pino',
    label: 'bare + nestjs-pino, its defaults (reference, no ballast)',
    a: 'bare-nest.mjs',
    b: 'nestjs-pino.mjs',
  },
  {
    id: 'express',
    adapter: 'express',
    label: 'all ballast modules with fastExpressRequests, over bare with the prototypes',
    a: 'bare-express-prototypes.mjs',
    b: 'ballast-modules.mjs:FAST_EXPRESS=1',
    targets: { 24: 9 },
  },
].map((c) => ({ adapter: 'fastify', targets: {}, noTarget: [], ...c }));

/** Cold start: all modules over bare NestJS, ms, per Node major (both adapters). */
export const COLD_START_TARGETS = { 24: 50, 20: 100 };

export const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
export const signed = (n, digits = 1) => (Number.isFinite(n) && n >= 0 ? '+' : '') + fmt(n, digits);
export const mb = (bytes, digits = 1) => fmt(bytes / 2 ** 20, digits);
/** A failed section's cell: "failed: <reason>", on one line and short. */
export const failedCell = (section) =>
  `failed: ${String(section.failed).replace(/\s+/g, ' ').replace(/\|/g, '/').slice(0, 120)}`;

/** "+x.x µs/req (IQR a … b)" of one same-core result, or why there is none. */
export function sameCoreCell(result) {
  if (!result) return 'not run';
  if (result.failed) return failedCell(result);
  return `${signed(result.median)} µs/req (IQR ${fmt(result.quartiles[0], 1)} … ${fmt(result.quartiles[1], 1)})`;
}

/**
 * The targets table: one row per target per Node of the run ({ major, sameCore, cold, compileCache, memory,
 * commands }), each { target, node, measured, command, met } with met one of 'met', 'not met', 'not met (…)',
 * 'met (…)', '—' (no target on that Node), 'no target', 'failed', 'not run'.
 */
export function targetRows(nodes, settings) {
  const rows = [];
  const verdict = (value, limit, range) => {
    const met = value <= limit;
    // The median is on the right side but a quarter of the rounds or more are not: a result another run can flip.
    const unsteady = range && (met ? range[1] > limit : range[0] <= limit);
    return (met ? 'met' : 'not met') + (unsteady ? ' (the IQR crosses the target)' : '');
  };
  for (const c of SAME_CORE_CASES.filter((c) => Object.keys(c.targets).length)) {
    for (const node of nodes) {
      const result = node.sameCore?.[c.id];
      const limit = c.targets[node.major];
      const measured = sameCoreCell(result);
      const what = `${c.label}, ${c.adapter === 'express' ? 'Express' : 'Fastify'}, same-core`;
      rows.push({
        target: `${what}: ${limit === undefined ? '—' : `≤ +${limit} µs/req`}`,
        node: node.label,
        measured,
        command: result?.command,
        met:
          !result || result.failed
            ? measured.split(':')[0]
            : limit === undefined
              ? c.noTarget.includes(Number(node.major))
                ? 'no target'
                : '—'
              : verdict(result.median, limit, result.quartiles),
      });
    }
  }
  for (const adapter of ['fastify', 'express']) {
    for (const node of nodes) {
      const limit = COLD_START_TARGETS[node.major];
      const cold = node.cold?.failed ? node.cold : node.cold?.find((c) => c.adapter === adapter);
      rows.push({
        target: `all ballast modules, cold start over bare NestJS (${adapter}): ${limit === undefined ? '—' : `≤ +${limit} ms`}`,
        node: node.label,
        measured: !cold
          ? 'not run'
          : cold.failed
            ? failedCell(cold)
            : `${signed(cold.modulesDelta, 0)} ms (${fmt(cold.bare)} → ${fmt(cold.modules)} ms)`,
        command: node.commands.cold,
        met: !cold ? 'not run' : cold.failed ? 'failed' : limit === undefined ? '—' : verdict(cold.modulesDelta, limit),
      });
    }
  }
  for (const node of nodes.filter((n) => n.compileCache)) {
    for (const adapter of ['fastify', 'express']) {
      const cc = node.compileCache.failed ? node.compileCache : node.compileCache.find((c) => c.adapter === adapter);
      if (!cc) continue;
      rows.push({
        target: `all ballast modules, cold start over bare NestJS with the compile cache (${adapter}): measured`,
        node: node.label,
        measured: cc.failed
          ? failedCell(cc)
          : `${signed(cc.modulesCachedDelta, 0)} ms (${fmt(cc.bareCached)} → ${fmt(cc.modulesCached)} ms; the cache saves the modules app ${fmt(cc.modulesSaved)} ms)`,
        command: node.commands.cold,
        met: cc.failed ? 'failed' : '—',
      });
    }
  }
  for (const node of nodes) {
    const m = node.memory;
    const requests = fmt(settings.memoryRequests);
    const total = fmt(settings.memoryRequests * 10);
    rows.push({
      target: `all ballast modules, resident memory over bare NestJS after ${requests} requests (Fastify): measured`,
      node: node.label,
      measured: !m
        ? 'not run'
        : m.failed
          ? failedCell(m)
          : `${signed(m.rssDelta / 2 ** 20)} MB RSS (${mb(m.bare.rss)} → ${mb(m.modules.rss)} MB)`,
      command: node.commands.memory,
      met: !m ? 'not run' : m.failed ? 'failed' : '—',
    });
    rows.push({
      target: `all ballast modules, no memory growth from ${requests} to ${total} requests (Fastify)`,
      node: node.label,
      measured: !m
        ? 'not run'
        : m.failed
          ? failedCell(m)
          : `heap used ${signed(m.heapGrowth / 2 ** 20)} MB, external ${signed(m.externalGrowth / 2 ** 20)} MB; RSS ${signed(m.rssGrowth / 2 ** 20)} MB (heap reserved ${signed(m.heapTotalGrowth / 2 ** 20)} MB; bare NestJS's RSS ${signed(m.bareRssGrowth / 2 ** 20)} MB)`,
      command: node.commands.memory,
      met: !m ? 'not run' : m.failed ? 'failed' : m.noGrowth ? 'met' : 'not met',
    });
  }
  return rows;
}
