// Gets a fresh clone ready with nothing but Node and npm: the pinned pnpm, the workspace's dependencies,
// and built packages (the example app and the dist tests load packages/*/dist). Cheap when all is in place.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function pnpmVersion(command, args) {
  const result = spawnSync(command, [...args, '--version'], { encoding: 'utf8', cwd: root });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The pnpm command to run: the pinned version on PATH, else installed globally with npm, else through npx. */
export function ensurePnpm() {
  if (pnpmVersion('pnpm', []) === pinned) return ['pnpm'];
  console.log(`bootstrap: installing pnpm@${pinned} with npm`);
  const install = spawnSync('npm', ['install', '--global', '--allow-scripts=pnpm', `pnpm@${pinned}`], {
    stdio: 'inherit',
  });
  if (install.status === 0 && pnpmVersion('pnpm', []) === pinned) return ['pnpm'];
  console.log(`bootstrap: global install not possible here, using npx pnpm@${pinned}`);
  return ['npx', '--yes', `pnpm@${pinned}`];
}

/** Latest modification time (ms) of any file below `dir`. */
export function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when some package has no dist, or a source file (its own or the bundled kernel's) newer than its dist. */
function buildIsStale() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir).some((name) => {
    const dist = join(packagesDir, name, 'dist', 'index.js');
    if (!existsSync(dist)) return true;
    const sources = Math.max(newestMtime(join(packagesDir, name, 'src')), newestMtime(join(root, 'internal')));
    return sources > statSync(dist).mtimeMs;
  });
}

export function bootstrap() {
  const pnpm = ensurePnpm();
  const run = (...args) => execFileSync(pnpm[0], [...pnpm.slice(1), ...args], { stdio: 'inherit', cwd: root });
  const lockfile = join(root, 'pnpm-lock.yaml');
  const installed = join(root, 'node_modules', '.modules.yaml');
  if (!existsSync(installed) || statSync(lockfile).mtimeMs > statSync(installed).mtimeMs) {
    run('install', '--frozen-lockfile');
  }
  if (buildIsStale()) run('build');
  return pnpm;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) bootstrap();
