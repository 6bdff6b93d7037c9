// `pnpm bench`: the whole benchmark in one run (about 15 minutes), written to docs/benchmarks.md.
//   1. the full stack (examples/api, every ballast module) vs bare NestJS on Express and Fastify: req/s, p50, p99,
//      server CPU µs/request, ratios against bare Nest from the same run (bench/suites/stack.mjs);
//   2. cold start, spawn to first 200, example vs bare Nest (bench/suites/cold-start.mjs);
//   3. the per-package micro-benchmarks (bench/suites/<pkg>.mjs) when present, with short settings;
//   4. docs/benchmarks.md (tables, targets met or not, machine, versions, command) and docs/benchmarks/stack.svg.
// Needs the packages built (`pnpm build`); builds the example when its dist is missing or older than its sources.
// Env: ROUNDS (8), DURATION (2 s), CONNECTIONS (10), COLD_RUNS (9), PIN=0 to let servers and load generator share
// the cores, MICRO=0 to skip the micro-benchmarks.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from '../../scripts/bootstrap.mjs';
import { barChart } from '../lib/svg.mjs';
import { pinned } from '../lib/server.mjs';
import { coldStart, importTimes } from './cold-start.mjs';
import { exampleMain, throughput } from './stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const env = process.env;
const settings = {
  rounds: Number(env.ROUNDS ?? 8),
  duration: Number(env.DURATION ?? 2),
  connections: Number(env.CONNECTIONS ?? 10),
  coldRuns: Number(env.COLD_RUNS ?? 9),
};
const startedAt = Date.now();
const loadBefore = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const log = (...args) => console.log(...args);

// --- the example's build --------------------------------------------------------------------------------------
const exampleSrc = join(root, 'examples', 'api', 'src');
if (!existsSync(exampleMain) || statSync(exampleMain).mtimeMs < newestMtime(exampleSrc)) {
  log('building examples/api ...');
  execFileSync('pnpm', ['--filter', '@ballast/example-api', 'build'], { cwd: root, stdio: 'inherit' });
}

// --- machine and versions -------------------------------------------------------------------------------------
const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
const cores = os.cpus().length;
const requireFromExample = createRequire(join(root, 'examples', 'api', 'package.json'));
function versionOf(name, req = requireFromExample) {
  try {
    let dir = dirname(req.resolve(name));
    while (
      !existsSync(join(dir, 'package.json')) ||
      JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name
    ) {
      dir = dirname(dir);
    }
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return 'n/a';
  }
}
const versions = {
  '@nestjs/core': versionOf('@nestjs/core'),
  '@nestjs/platform-express': versionOf('@nestjs/platform-express'),
  '@nestjs/platform-fastify': versionOf('@nestjs/platform-fastify'),
  autocannon: versionOf('autocannon', createRequire(join(root, 'package.json'))),
};
const ballastVersions = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')))
  .filter((pkg) => pkg.name?.startsWith('@ballast/') && !pkg.private)
  .map((pkg) => `${pkg.name} ${pkg.version}`);
log(`node ${process.version}, ${cores} x ${cpuModel}`);

// --- 1 + 2: the stack ---------------------------------------------------------------------------------------------
log(
  `\n# full stack vs bare Nest: ${settings.rounds} rounds x ${settings.duration} s, ${settings.connections} connections`,
);
const stack = await throughput({ ...settings, log });
const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const signed = (n, digits = 1) => (n >= 0 ? '+' : '') + fmt(n, digits);
const stackRows = stack.map(
  (r) =>
    `| ${r.adapter} | ${r.label} | ${fmt(r.rps)} | ${fmt(r.rpsRatio, 2)}× | ${fmt(r.p50, 1)} | ${fmt(r.p50Ratio, 2)}× | ${fmt(r.p99, 1)} | ${fmt(r.p99Ratio, 2)}× | ${fmt(r.cpuPerRequest, 1)} | ${r.variant === 'bare' ? '—' : `${signed(r.cpuDelta)} (${fmt(r.cpuDeltaRange[0], 1)} … ${fmt(r.cpuDeltaRange[1], 1)})`} | ${r.errors} |`,
);
for (const row of stackRows) log(row);

log(`\n# cold start (spawn to first 200 on GET /), median of ${settings.coldRuns}`);
const cold = await coldStart({ runs: settings.coldRuns, log });
log(`\n# import times after Nest core, median of ${settings.coldRuns} processes`);
const imports = await importTimes({ runs: settings.coldRuns });
for (const i of imports) log(`  ${i.name}: ${fmt(i.ms)} ms`);

// --- targets --------------------------------------------------------------------------------------------------
const pick = (adapter, variant) => stack.find((r) => r.adapter === adapter && r.variant === variant);
const cpuTarget = (variant, limit, what) => {
  const row = pick('fastify', variant);
  return {
    target: `${what}: ≤ +${limit} µs/req on Fastify`,
    measured: `${signed(row.cpuDelta)} µs/req (IQR ${fmt(row.cpuDeltaRange[0], 1)} … ${fmt(row.cpuDeltaRange[1], 1)})`,
    met: row.cpuDelta <= limit,
    // The median is on the right side but a quarter of the rounds or more are not: a result another run can flip.
    unsteady: row.cpuDelta <= limit ? row.cpuDeltaRange[1] > limit : row.cpuDeltaRange[0] <= limit,
  };
};
const rpsTarget = (variant, what) => ({
  target: `${what}: ≥ 0.85× bare req/s on Express`,
  measured: `${fmt(pick('express', variant).rpsRatio, 2)}×`,
  met: pick('express', variant).rpsRatio >= 0.85,
});
// The issue's targets are about the ballast stack itself (bare + all modules); the example app's rows carry its
// validation pipe, TypeORM and the rest, and are shown for reference only.
const targets = [
  cpuTarget('modules', 20, 'all ballast modules, request logging on'),
  cpuTarget('modules-nolog', 5, 'all ballast modules, request logging off'),
  rpsTarget('modules', 'all ballast modules, request logging on'),
  rpsTarget('modules-fast', 'all ballast modules with `fastExpressRequests`, request logging on'),
  ...cold.map((c) => ({
    target: `all ballast modules: ≤ +50 ms cold start (${c.adapter})`,
    measured: `${signed(c.modulesDelta, 0)} ms (${fmt(c.bare)} → ${fmt(c.modules)} ms)`,
    met: c.modulesDelta <= 50,
  })),
];
log('\n# targets');
const status = (t) => (t.met ? 'met' : 'not met') + (t.unsteady ? ' (the IQR crosses the target)' : '');
for (const t of targets)
  log(`${t.met ? 'met    ' : 'NOT MET'}  ${t.target}: ${t.measured}${t.unsteady ? ' (IQR crosses)' : ''}`);

// --- 3: micro-benchmarks ------------------------------------------------------------------------------------------
const micro = [
  { pkg: 'logger', script: 'logger.mjs', args: [], env: { ROUNDS: '2', DURATION: '2', LINE_ROUNDS: '7' } },
  { pkg: 'cache', script: 'cache.mjs', args: ['5'], env: {} },
  { pkg: 'context', script: 'context.mjs', args: ['2', '2', '10'], env: {} },
];
const microResults = [];
if (env.MICRO !== '0') {
  for (const m of micro) {
    const script = join(here, m.script);
    if (!existsSync(script)) continue;
    const command = `${Object.entries(m.env)
      .map(([k, v]) => `${k}=${v} `)
      .join('')}node bench/suites/${m.script} ${m.args.join(' ')}`.trim();
    log(`\n# ${command}`);
    const result = await runScript(script, m.args, m.env, 150_000);
    log(result.output.trim().split('\n').slice(-15).join('\n'));
    microResults.push({ ...m, command, ...result });
  }
}

function runScript(script, args, extraEnv, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

// --- 3b: the cost of metrics ---------------------------------------------------------------------------------------
// Same-core A/B on Fastify (bench/tools/same-core.mjs): the seven modules with no meter provider against themselves
// (the noise floor: no provider means no instrument records), against a provider of no-op instruments (OTEL=noop:
// ballast's own share, every hook and count with no SDK behind them), then against the OpenTelemetry SDK (OTEL=1).
const metricsRuns = [
  { label: 'no provider vs no provider (A/A)', b: 'ballast-modules.mjs' },
  { label: "no provider vs no-op instruments (ballast's own share)", b: 'ballast-modules.mjs:OTEL=noop' },
  { label: 'no provider vs OpenTelemetry SDK provider', b: 'ballast-modules.mjs:OTEL=1' },
];
const metricsCost = [];
if (env.METRICS !== '0') {
  for (const run of metricsRuns) {
    const args = ['fastify', '5', '3', 'ballast-modules.mjs', run.b];
    const command = `node bench/tools/same-core.mjs ${args.map((a) => (a.includes('=') ? `'${a}'` : a)).join(' ')}`;
    log(`\n# ${command}`);
    const result = await runScript(join(root, 'bench', 'tools', 'same-core.mjs'), args, {}, 180_000);
    const median = /median B − A: (-?[\d.]+) µs\/req/.exec(result.output)?.[1];
    log(result.output.trim().split('\n').slice(-3).join('\n'));
    metricsCost.push({ ...run, command, delta: median === undefined ? undefined : Number(median) });
  }
}

/** The metrics-cost target, met or not, from this run's own rows. */
function metricsVerdict(rows) {
  const [, own, sdk] = rows.map((row) => row.delta);
  const verdict = (delta) => (delta === undefined ? 'not measured' : delta <= 2 ? 'met' : 'not met');
  return `- **ballast's own share ≤ 2 µs/req**: ${own === undefined ? 'not measured' : signed(own)} µs/req, ${verdict(own)}.
- **with the OpenTelemetry SDK ≤ 2 µs/req**: ${sdk === undefined ? 'not measured' : signed(sdk)} µs/req, ${verdict(sdk)}.
  Per request, ballast makes one SDK call: \`histogram.record()\` of \`http.server.request.duration\`, which the SDK
  pays for by hashing the attributes into a series key (\`hashAttributes\` in a CPU profile). Everything else on the
  request path (active requests, log lines) is a plain count that observable instruments read when the SDK collects.`;
}

// --- 4: docs ------------------------------------------------------------------------------------------------------
const docsDir = join(root, 'docs');
const chartDir = join(docsDir, 'benchmarks');
mkdirSync(chartDir, { recursive: true });
const groups = ['express', 'fastify'];
writeFileSync(
  join(chartDir, 'stack.svg'),
  barChart({
    title: 'Server CPU per request, GET / (lower is better)',
    unit: 'µs / request',
    groups,
    series: [
      { name: 'bare NestJS', color: '#9e9e9e', values: groups.map((a) => pick(a, 'bare').cpuPerRequest) },
      { name: '+ ALS.run only', color: '#616161', values: groups.map((a) => pick(a, 'als').cpuPerRequest) },
      { name: '+ nestjs-pino', color: '#e65100', values: groups.map((a) => pick(a, 'nestjs-pino').cpuPerRequest) },
      { name: '+ ballast modules', color: '#2e7d32', values: groups.map((a) => pick(a, 'modules').cpuPerRequest) },
      {
        name: '+ modules, no req. log',
        color: '#81c784',
        values: groups.map((a) => pick(a, 'modules-nolog').cpuPerRequest),
      },
      { name: 'example app', color: '#1565c0', values: groups.map((a) => pick(a, 'ballast').cpuPerRequest) },
      {
        name: 'example, no req. log',
        color: '#64b5f6',
        values: groups.map((a) => pick(a, 'ballast-nolog').cpuPerRequest),
      },
    ],
  }),
);
const perPackageDocs = existsSync(chartDir)
  ? readdirSync(chartDir)
      .filter((f) => f.endsWith('.md'))
      .sort()
  : [];
const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
const pinNote =
  'Each server runs on the second core (`taskset -c 1`) and autocannon on the first, so the load generator does not ' +
  'take CPU time from the server (`PIN=0` turns this off). ';
const md = `# Benchmarks

<!-- Generated by \`pnpm bench\` (bench/suites/run.mjs); edit the script, not this file. -->

Measured, not claimed: every figure below comes from one run of

\`\`\`sh
pnpm build && pnpm bench
\`\`\`

(${settings.rounds} rounds × ${settings.duration} s per case, ${settings.connections} connections, cold start median of ${settings.coldRuns}; the run took ${minutes} min).
Environment variables \`ROUNDS\`, \`DURATION\`, \`CONNECTIONS\`, \`COLD_RUNS\` change the settings; \`MICRO=0\` skips the
per-package micro-benchmarks.

- **Machine**: ${cores} × ${cpuModel}, ${os.platform()} ${os.release()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; load generator and servers share the cores.
- **Run**: ${new Date(startedAt).toISOString()}, Node ${process.version}; load average ${loadBefore} at the start, ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(
    ' ',
  )} at the end (1/5/15 min; above ${cores} the machine was shared with other work, and req/s and latency suffer first).
- **Versions**: ${Object.entries(versions)
  .map(([k, v]) => `${k} ${v}`)
  .join(', ')}; ${ballastVersions.join(', ')}.

## Full stack vs bare NestJS

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
  default); \`LOG_LEVEL=warn\` for the row without
  request lines (the example has no switch for the request line alone).

${pinned() ? pinNote : ''}Every round starts a fresh process per case (how V8 compiles a process's hot code and where its memory lands
stay fixed for the process's life and move its CPU per request by several µs), warms it up with 20,000 requests
(optimizing compilers run on their own threads, and their CPU time would otherwise count as the server's), then runs every
case of an adapter once, back to back, in an order that rotates between rounds. **CPU µs/req**
is the server's user+system CPU time (\`process.cpuUsage()\` in the server, read over IPC) over the requests it
served in a run: the steady figure, where req/s and latency move with the neighbours. Every ratio and **Δ vs bare** is taken against bare Nest
of the same adapter *in the same round*, and the table shows the median over the rounds, with the interquartile
range of the rounds in brackets: this machine's speed drifts by tens of percent over minutes, and pairing within a
round removes most of that. Latencies are in ms (autocannon's 1 ms resolution).

| adapter | app | req/s | ratio | p50 ms | ratio | p99 ms | ratio | CPU µs/req | Δ vs bare (IQR) | errors |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${stackRows.join('\n')}

![Server CPU per request](benchmarks/stack.svg)

### Cold start

Spawn of \`node <main>\` to the first 200 on \`GET /\` (polled every 5 ms), median of ${settings.coldRuns} runs, alternating order;
each Δ is the median of the differences with bare Nest started in the same run.

| adapter | bare NestJS | + packages imported, no module | Δ | + all ballast modules | Δ | example app | Δ |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${cold.map((c) => `| ${c.adapter} | ${fmt(c.bare)} ms | ${fmt(c.imports)} ms | ${signed(c.importsDelta, 0)} ms | ${fmt(c.modules)} ms | ${signed(c.modulesDelta, 0)} ms | ${fmt(c.ballast)} ms | ${signed(c.delta, 0)} ms |`).join('\n')}

"+ packages imported, no module" is the modules app with \`MODULES=\` empty: it imports the seven packages, and with
them pino, @nestjs/config, @nestjs/terminus, @nestjs/cache-manager, cache-manager and Keyv, and registers no module;
the rest of the "+ all ballast modules" column is setting the modules up. The example's cold start includes more than
the ballast modules: TypeORM with sql.js (WASM) and its migrations, class-validator, the event emitter and the users
module. \`node bench/tools/cold-start-attribution.mjs <express|fastify>\` adds one row per module.

What loading costs, one \`import()\` in a fresh process where \`@nestjs/common\` and \`@nestjs/core\` are already
loaded (median of ${settings.coldRuns} processes; a package's figure includes the libraries it pulls in, which the
packages share, so the rows do not add up):

| module | import time |
| --- | ---: |
${imports.map((i) => `| ${i.name} | ${fmt(i.ms)} ms |`).join('\n')}

### Targets

| target | measured | |
| --- | --- | --- |
${targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? status(t) : `**${status(t)}**`} |`).join('\n')}

Read with the rows above:

- **Request logging**: nestjs-pino's request logging alone adds ${signed(pick('fastify', 'nestjs-pino').cpuDelta)} µs/req on
  Fastify and runs at ${fmt(pick('express', 'nestjs-pino').rpsRatio, 2)}× bare req/s on Express in this run; all seven
  ballast modules with their request line add ${signed(pick('fastify', 'modules').cpuDelta)} µs/req and run at
  ${fmt(pick('express', 'modules').rpsRatio, 2)}×.
- **≤ +5 µs/req with request logging off**: one \`AsyncLocalStorage.run()\` per request, with nothing else, costs
  ${signed(pick('fastify', 'als').cpuDelta)} µs/req on Fastify in this run (Node 20's async hooks then run for every
  promise and callback of every request), which leaves ${fmt(Math.max(0, 5 - pick('fastify', 'als').cpuDelta), 1)} µs for
  everything else: a request id per request, its response header, the context object, and the hooks the request line needs even
  when its level is off. All modules with request logging off measure
  ${signed(pick('fastify', 'modules-nolog').cpuDelta - pick('fastify', 'als').cpuDelta)} µs/req above that floor. On
  Node 22+ (AsyncContextFrame) the floor is lower.
- **≥ 0.85× bare req/s on Express**: the floor alone runs at ${fmt(pick('express', 'als').rpsRatio, 2)}× and all
  modules with request logging off at ${fmt(pick('express', 'modules-nolog').rpsRatio, 2)}×. A bare Express request
  costs ${fmt(pick('express', 'bare').cpuPerRequest / pick('fastify', 'bare').cpuPerRequest, 1)}× the CPU of a
  Fastify one here, and ballast's per-request work grows with it: ${fmt((100 * pick('express', 'modules').cpuDelta) / pick('express', 'bare').cpuPerRequest, 0)} % of a bare request on Express,
  ${fmt((100 * pick('fastify', 'modules').cpuDelta) / pick('fastify', 'bare').cpuPerRequest, 0)} % on Fastify.
  Most of that bare Express request is Express's own \`Object.setPrototypeOf(req, app.request)\` (and \`res\`): V8
  then gives each request a map of its own, and every property written or read on \`req\`/\`res\` afterwards, by
  Express, Nest or ballast, misses its caches. A bare app whose server builds requests with Express's prototypes
  already in place (no ballast) needs ${fmt(pick('express', 'bare-fast').cpuPerRequest, 1)} µs/req instead of
  ${fmt(pick('express', 'bare').cpuPerRequest, 1)} and runs at ${fmt(pick('express', 'bare-fast').rpsRatio, 2)}× bare
  req/s; \`@ballast/context\`'s \`fastExpressRequests\` option does this, and with it all seven modules with their
  request line run at ${fmt(pick('express', 'modules-fast').rpsRatio, 2)}× bare Nest. On equal footing (both apps with
  the prototypes in place) the modules run at
  ${fmt(pick('express', 'modules-fast').rpsRatio / pick('express', 'bare-fast').rpsRatio, 2)}× the bare app's req/s and
  add ${signed(pick('express', 'modules-fast').cpuPerRequest - pick('express', 'bare-fast').cpuPerRequest)} µs/req
  (on Fastify: ${fmt(pick('fastify', 'modules').rpsRatio, 2)}× and ${signed(pick('fastify', 'modules').cpuDelta)} µs/req).
- **≤ +50 ms cold start**: importing the seven packages without registering any module already adds
  ${cold.map((c) => `${signed(c.importsDelta, 0)} ms (${c.adapter})`).join(' and ')}; most of it is the libraries
  ballast is built on (the import table), which any app that uses them loads, with or without ballast.
- \`node bench/tools/stack-attribution.mjs <express|fastify>\` runs bare NestJS, then bare + one ballast module at a time,
  then all of them; \`node bench/tools/context-binding.mjs <express|fastify>\` compares bare, a raw \`AsyncLocalStorage.run\`,
  \`@ballast/context\` and \`@ballast/context\` with \`bindStreamEvents\` (neither is part of \`pnpm bench\`).
- \`node bench/tools/same-core.mjs <express|fastify> <rounds> <seconds> <appA> <appB>\` runs two apps at the same time on one
  core (A/A within ±2 µs/req on Fastify), and \`bash bench/tools/instructions-per-request.sh <express|fastify> <app>\` counts
  instructions per request under callgrind (repeatable within about 2.5 %): the tools for attributing a few µs.

## The cost of metrics

${
  metricsCost.length
    ? `Server CPU per request of the seven modules on Fastify, two apps at the same time on one core (median B − A of 5
rounds of 3 s; target: metrics on add ≤ 2 µs/req, and nothing without a meter provider):

| A vs B | B − A µs/req | command |
| --- | ---: | --- |
${metricsCost.map((m) => `| ${m.label} | ${m.delta === undefined ? 'failed' : signed(m.delta)} | \`${m.command}\` |`).join('\n')}

${metricsVerdict(metricsCost)}`
    : '_Not measured in this run (METRICS=0)._'
}

## Per-package benchmarks

${perPackageDocs.length ? perPackageDocs.map((f) => `- [${f.replace(/\.md$/, '')}](benchmarks/${f})`).join('\n') : '_No per-package page yet._'}

${
  microResults.length
    ? `Their scripts, run by \`pnpm bench\` with short settings (the pages above use their own, longer runs):\n\n${microResults
        .map(
          (m) =>
            `<details><summary><code>${m.command}</code> (${m.code === 0 ? 'ok' : `exit ${m.code ?? m.signal}`})</summary>\n\n\`\`\`text\n${m.output.trim()}\n\`\`\`\n\n</details>`,
        )
        .join('\n\n')}`
    : ''
}
`;
writeFileSync(join(docsDir, 'benchmarks.md'), md);
// The repository's formatter, so that `pnpm lint` (prettier --check) accepts the generated page as is.
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--write', join(docsDir, 'benchmarks.md')],
    {
      stdio: 'ignore',
    },
  );
} catch {
  log('(prettier not available: docs/benchmarks.md left unformatted)');
}
log(
  `\nwrote ${relative(root, join(docsDir, 'benchmarks.md'))} and ${relative(root, join(chartDir, 'stack.svg'))} in ${minutes} min`,
);
