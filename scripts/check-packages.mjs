// Checks each package as npm would publish it: publint (package.json, exports, files) and
// @arethetypeswrong/cli (types resolve under node10, node16 CJS and ESM, and bundlers). Needs `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './bootstrap.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
let failures = 0;
for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'ascii']],
  ]) {
    try {
      execFileSync(bin(tool), args, { cwd: root, stdio: 'pipe', encoding: 'utf8' });
      console.log(`ok   ${tool} @ballast/${name}`);
    } catch (error) {
      failures += 1;
      console.log(`FAIL ${tool} @ballast/${name}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
process.exit(failures > 0 ? 1 : 0);
