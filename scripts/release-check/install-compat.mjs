// Install compatibility: a NestJS 11 app from the CLI that already has older companions installed takes the docs'
// NestJS 11 npm command cleanly (exit 0, no ERESOLVE, no --force / --legacy-peer-deps), and ends with the
// companions ballast needs.
import { cpSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installArgs } from './install-commands.mjs';
import { run } from './process.mjs';
import { StepError } from './run-template.mjs';

const NPM_QUIET = ['--no-audit', '--no-fund'];

/** What a Nest 11 app may have before ballast, and the majors it must have after the docs' command. */
export const compatCases = [
  {
    name: 'nest11-with-terminus11-keyv4',
    before: ['@nestjs/terminus@11', 'keyv@4'],
    after: { '@nestjs/terminus': 11, keyv: 5, 'cache-manager': 7, '@nestjs/cache-manager': 3 },
  },
  {
    // @nestjs/cache-manager 2 declares peers up to Nest 10 only: a Nest 11 app has it when it was upgraded from
    // Nest 10 with --legacy-peer-deps (or --force), so that is how this "before" state is made. The docs' command
    // itself gets no such flag.
    name: 'nest11-with-cache-manager5',
    before: ['cache-manager@5', '@nestjs/cache-manager@2'],
    beforeFlags: ['--legacy-peer-deps'],
    after: { 'cache-manager': 7, '@nestjs/cache-manager': 3, keyv: 5, '@nestjs/terminus': 11 },
  },
];

const majorIn = (dir, name) => {
  try {
    return Number(
      JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version.split('.')[0],
    );
  } catch {
    return undefined;
  }
};

/** One case, in a copy of a generated (not yet installed) NestJS 11 app. */
export async function runCompatCase(compat, { pristine, work, tarballOf, env }) {
  const dir = join(work, compat.name);
  cpSync(pristine, dir, { recursive: true });
  const setup = ['install', ...compat.before, ...(compat.beforeFlags ?? []), ...NPM_QUIET];
  const before = await run('npm', setup, { cwd: dir, env });
  if (before.code !== 0) throw new StepError(`npm ${setup.join(' ')}: exit ${before.code}\n${before.output}`);
  for (const spec of compat.before) {
    const [, name, major] = /^(.+)@(\d+)$/.exec(spec);
    if (majorIn(dir, name) !== Number(major))
      throw new StepError(`${name} ${major} was not installed before the check`);
  }
  const args = ['install', ...installArgs('11', tarballOf), ...NPM_QUIET];
  const result = await run('npm', args, { cwd: dir, env });
  if (result.code !== 0 || /ERESOLVE/.test(result.output)) {
    throw new StepError(
      `npm ${args.join(' ')}: exit ${result.code}\n${result.output.trimEnd().split('\n').slice(-60).join('\n')}`,
    );
  }
  const wrong = Object.entries(compat.after)
    .map(([name, major]) => [name, major, majorIn(dir, name)])
    .filter(([, major, actual]) => actual !== major)
    .map(([name, major, actual]) => `${name} ${actual ?? 'missing'} (expected ${major})`);
  if (wrong.length) throw new StepError(`after the docs' command: ${wrong.join(', ')}`);
  // npm's own consistency check of the tree: no missing or invalid dependency, no unmet peer.
  const ls = await run('npm', ['ls', '--all'], { cwd: dir, env });
  const problems = ls.output.split('\n').filter((l) => /invalid|missing|UNMET|ERR!/.test(l));
  if (ls.code !== 0)
    throw new StepError(`npm ls --all: exit ${ls.code}\n${problems.join('\n') || ls.output.slice(-3000)}`);
  const versions = Object.keys(compat.after).map((name) => `${name} ${majorIn(dir, name)}`);
  const tarballDir = `${dirname(tarballOf['@ballast/config'])}/`;
  return {
    detail: `${versions.join(', ')}; npm ls clean`,
    lines: [`before: npm ${setup.join(' ')}`, `then:   npm ${args.join(' ').replaceAll(tarballDir, '<tarballs>/')}`],
  };
}
