// `pnpm release:check`: proves what npm users would get. Packs every package as it would be published, lints the
// tarballs (publint, @arethetypeswrong/cli), then installs the tarballs — not the workspace — into throwaway apps
// outside the repository (NestJS 12 ESM and NestJS 11 CommonJS), with hoisting off so that a dependency missing from
// a package's own package.json fails, and runs each app on Express and Fastify: boot, /health/ready, a ballast error
// body with a request id, and a clean exit on SIGTERM.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';
import { apps } from './release-check/apps.mjs';
import { runAppChecks } from './release-check/run-app.mjs';

const pnpm = bootstrap();
const exec = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'pipe', encoding: 'utf8', ...opts });
const pnpmExec = (args, opts) => exec(pnpm[0], [...pnpm.slice(1), ...args], opts);
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'ballast-release-check-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const failures = [];
const check = async (label, fn) => {
  try {
    const detail = await fn();
    console.log(`ok   ${label}${detail ? ` (${detail})` : ''}`);
    return true;
  } catch (error) {
    failures.push(label);
    console.log(
      `FAIL ${label}\n${String(error.stdout ?? '')}${String(error.stderr ?? '')}${error.stdout ? '' : error.message}`,
    );
    return false;
  }
};

// 1. Pack: pnpm rewrites workspace: and catalog: ranges the way `pnpm publish` does.
const packages = readdirSync(join(root, 'packages')).map((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  pnpmExec(['pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', dir) });
  const file = readdirSync(tarballs).find((f) => f.startsWith(`${manifest.name.replace('@', '').replace('/', '-')}-`));
  return { name: manifest.name, tarball: join(tarballs, file) };
});

// 2. Lint each tarball as published.
for (const pkg of packages) {
  await check(
    `publint ${pkg.name}`,
    () => exec(join(root, 'node_modules/.bin/publint'), ['run', pkg.tarball, '--strict']) && '',
  );
  await check(
    `attw ${pkg.name}`,
    () => exec(join(root, 'node_modules/.bin/attw'), [pkg.tarball, '--format', 'ascii']) && '',
  );
}

// 3. Throwaway apps outside the workspace, installed from the tarballs only.
for (const app of apps) {
  const dir = join(work, app.name);
  mkdirSync(dir);
  const fileOf = Object.fromEntries(packages.map((p) => [p.name, `file:${p.tarball}`]));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: app.name, private: true, type: app.type, dependencies: { ...fileOf, ...app.dependencies } },
      null,
      2,
    ),
  );
  // Overrides send the packages' dependencies on each other to the tarballs too (they are not on npm yet).
  // hoist: false — a package sees only what its own package.json declares, as under a strict installer.
  writeFileSync(
    join(dir, 'pnpm-workspace.yaml'),
    [
      'hoist: false',
      'publicHoistPattern: []',
      'autoInstallPeers: false',
      'overrides:',
      ...packages.map((p) => `  '${p.name}': '${fileOf[p.name]}'`),
      '',
    ].join('\n'),
  );
  const source = (file) => readFileSync(join(root, 'scripts/release-check/app', file), 'utf8');
  writeFileSync(
    join(dir, app.entry),
    source(app.type === 'module' ? 'esm.head.js' : 'cjs.head.js') + source('app.body.js'),
  );
  const installed = await check(`${app.name}: install tarballs`, () => {
    pnpmExec(['install', '--no-frozen-lockfile', '--config.confirmModulesPurge=false'], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
    });
    return '';
  });
  if (!installed) continue;
  for (const adapter of ['express', 'fastify']) {
    await check(`${app.name} on ${adapter}: boot, /health/ready, error body with request id, SIGTERM exit`, () =>
      runAppChecks({ dir, entry: app.entry, adapter }),
    );
  }
}

if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
console.log(failures.length ? `\nrelease:check failed: ${failures.join('; ')}` : '\nrelease:check passed');
process.exit(failures.length ? 1 : 0);
