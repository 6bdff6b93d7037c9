// `npm test` / `pnpm test`: every test suite, on NestJS 12 and then on NestJS 11, with one totals line at the end.
// Extra arguments go to both Jest runs (e.g. `pnpm test packages/logger`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';

bootstrap();

const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const outDir = mkdtempSync(join(tmpdir(), 'ballast-jest-'));
const nodeOptions =
  `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim();
const extra = process.argv.slice(2);

const runs = [
  { name: 'NestJS 12', config: 'jest.config.js' },
  { name: 'NestJS 11', config: 'jest.nest11.config.js' },
];

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
for (const run of runs) {
  console.log(`\n=== ${run.name} (${run.config}) ===`);
  const outputFile = join(outDir, `${run.config}.json`);
  const result = spawnSync(
    process.execPath,
    [jestBin, '-c', run.config, '--json', `--outputFile=${outputFile}`, '--passWithNoTests', ...extra],
    { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_OPTIONS: nodeOptions } },
  );
  if (result.status !== 0) exitCode = 1;
  if (!existsSync(outputFile)) {
    failed += 1; // Jest died before writing results: count the run itself as a failure.
    continue;
  }
  const summary = JSON.parse(readFileSync(outputFile, 'utf8'));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  skipped += summary.numPendingTests + summary.numTodoTests;
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : exitCode);
