// Cold start: spawn of `node <main>` to the first 200 on `GET /` (bench/lib/server.mjs polls every 5 ms) of bare
// NestJS, bare + every ballast package imported but no module registered, bare + all ballast modules, and the
// example app; what loading each package costs (`import()` times in a fresh process); and, on Node 22.1+, what the
// module compile cache saves (NODE_COMPILE_CACHE, the environment form of module.enableCompileCache()).
//   pnpm --filter @ballast/example-api build && node bench/suites/cold-start.mjs      (or `pnpm bench` for everything)
// Env: COLD_RUNS (default 5), BENCH_NODE=<major> to start the apps (and the import-time processes) on that Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNode, startServer } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';
import { modulesMain, variants } from './stack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What loading costs, module by module: in a fresh process with reflect-metadata, @nestjs/common and @nestjs/core
 * already loaded, the time of one `import()` of each ballast package's dist (with everything it pulls in) and of
 * the libraries they are built on. Medians of `runs` processes, in ms.
 */
export async function importTimes({ runs = 5 } = {}) {
  const packages = ['context', 'config', 'logger', 'exceptions', 'health', 'cache', 'shutdown'];
  const cases = [
    ...packages.map((p) => ({ name: `@ballast/${p}`, cwd: join(root, 'packages', p), specifier: './dist/index.js' })),
    { name: 'joi', cwd: join(root, 'packages', 'config'), specifier: 'joi' },
    { name: '@nestjs/config', cwd: join(root, 'packages', 'config'), specifier: '@nestjs/config' },
    { name: 'pino', cwd: join(root, 'packages', 'logger'), specifier: 'pino' },
    { name: '@nestjs/terminus', cwd: join(root, 'packages', 'health'), specifier: '@nestjs/terminus' },
    {
      name: 'cache-manager + keyv + lru-cache',
      cwd: join(root, 'packages', 'cache'),
      specifier: 'cache-manager',
      more: ['keyv', 'lru-cache'],
    },
    { name: '@nestjs/cache-manager', cwd: join(root, 'packages', 'cache'), specifier: '@nestjs/cache-manager' },
  ];
  const results = [];
  for (const c of cases) {
    const specifiers = [c.specifier, ...(c.more ?? [])].map((x) => JSON.stringify(x)).join(', ');
    const script =
      "import 'reflect-metadata'; await import('@nestjs/common'); await import('@nestjs/core');" +
      `const t = performance.now(); for (const s of [${specifiers}]) await import(s);` +
      'process.stdout.write(String(performance.now() - t));';
    const times = [];
    for (let run = 0; run < runs; run += 1) {
      times.push(
        Number(execFileSync(serverNode(), ['--input-type=module', '-e', script], { cwd: c.cwd, encoding: 'utf8' })),
      );
    }
    results.push({ name: c.name, ms: median(times) });
  }
  return results;
}

/**
 * Spawn-to-first-200 times of `cases` ({ main, env }) on one adapter, `runs` times each: in each run every case starts
 * once, in an order that rotates between runs, so that no app always starts right after another one exited. Not
 * pinned: start-up uses more than one thread (compilation, GC), as it does in production. Returns one array of ms per
 * case, index by index in run order (pair them run by run).
 */
export async function coldStartTimes(cases, adapter, runs) {
  const times = cases.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const i of cases.map((_, k) => (k + run) % cases.length)) {
      const server = await startServer(cases[i], adapter, { pin: false });
      times[i].push(server.coldStartMs);
      await server.stop();
    }
  }
  return times;
}

/** Cold start: spawn to first 200 on `GET /` of bare Nest, bare + ballast modules, the example; medians in ms. */
export async function coldStart({ runs = 3, adapters = ['express', 'fastify'], log = console.log } = {}) {
  const names = ['bare', 'imports', 'modules', 'ballast'];
  // The modules app with MODULES empty: it imports all seven packages (and the libraries they load) and registers
  // none, which splits the modules' cold start into loading code and setting the modules up.
  const importsOnly = { name: 'imports', main: modulesMain, env: { MODULES: '' } };
  const cases = names.map((name) => (name === 'imports' ? importsOnly : variants.find((v) => v.name === name)));
  const results = [];
  for (const adapter of adapters) {
    const times = Object.fromEntries((await coldStartTimes(cases, adapter, runs)).map((t, i) => [names[i], t]));
    const [bare, imports, modules, ballast] = names.map((name) => median(times[name]));
    // Differences paired within a run (the apps start one after another), then the median.
    const pairedDelta = (name) => median(times[name].map((t, i) => t - times.bare[i]));
    results.push({
      adapter,
      bare,
      imports,
      modules,
      ballast,
      importsDelta: pairedDelta('imports'),
      modulesDelta: pairedDelta('modules'),
      delta: pairedDelta('ballast'),
      runs,
    });
    log(
      `  cold start ${adapter}: bare ${bare.toFixed(0)} ms, + packages imported only ${imports.toFixed(0)} ms, ` +
        `+ ballast modules ${modules.toFixed(0)} ms, example ${ballast.toFixed(0)} ms`,
    );
  }
  return results;
}

/** The version of the Node that serverNode() runs, e.g. 'v24.22.3'. */
export function serverNodeVersion() {
  return execFileSync(serverNode(), ['--version'], { encoding: 'utf8' }).trim();
}

/** True when the servers' Node has the module compile cache (22.1+). */
export function hasCompileCache(version = serverNodeVersion()) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 1);
}

/**
 * The module compile cache (NODE_COMPILE_CACHE=<dir>, the environment form of module.enableCompileCache()): bare Nest
 * and the modules app, each with a fresh cache directory of its own that one start fills first (not measured; the
 * server writes its cache when asked over IPC, as SIGKILL would lose it), then `runs` starts of the four cases (bare
 * and modules, without and with the cache) in rotating order. Returns per adapter the medians and the paired deltas:
 * modules − bare without and with the cache, and what the cache saves each app (no cache − cache), in ms.
 */
export async function compileCache({ runs = 3, adapters = ['express', 'fastify'], log = console.log } = {}) {
  const bare = variants.find((v) => v.name === 'bare');
  const modules = variants.find((v) => v.name === 'modules');
  const results = [];
  for (const adapter of adapters) {
    const dirs = [mkdtempSync(join(os.tmpdir(), 'bench-cc-bare-')), mkdtempSync(join(os.tmpdir(), 'bench-cc-mod-'))];
    try {
      const cached = [bare, modules].map((app, i) => ({
        ...app,
        name: `${app.name}-cached`,
        env: { ...app.env, NODE_COMPILE_CACHE: dirs[i] },
      }));
      for (const app of cached) {
        const server = await startServer(app, adapter, { pin: false });
        const flushed = await server.flushCompileCache();
        await server.stop();
        if (!flushed) throw new Error(`${serverNodeVersion()} has no module.flushCompileCache()`);
      }
      const [b, m, bc, mc] = await coldStartTimes([bare, modules, ...cached], adapter, runs);
      const paired = (x, y) => median(x.map((t, i) => t - y[i]));
      const result = {
        adapter,
        bare: median(b),
        modules: median(m),
        bareCached: median(bc),
        modulesCached: median(mc),
        modulesDelta: paired(m, b),
        modulesCachedDelta: paired(mc, bc),
        bareSaved: paired(b, bc),
        modulesSaved: paired(m, mc),
        runs,
      };
      results.push(result);
      log(
        `  compile cache ${adapter}: bare ${result.bare.toFixed(0)} → ${result.bareCached.toFixed(0)} ms, ` +
          `modules ${result.modules.toFixed(0)} → ${result.modulesCached.toFixed(0)} ms`,
      );
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.env.COLD_RUNS ?? 5);
  console.log(`servers on Node ${serverNodeVersion()}`);
  console.table(await coldStart({ runs }));
  if (hasCompileCache()) console.table(await compileCache({ runs }));
  console.table(await importTimes({ runs }));
}
