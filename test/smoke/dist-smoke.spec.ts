import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { smokeCases, type SmokeCase } from './packages.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const script = join(here, 'smoke-load.mjs');

/** Where Nest 11 sees each package: the injected copy in test/nest11 resolves its peers from Nest 11. */
function nest11Dir(name: string): string {
  const requireFromNest11 = createRequire(join(root, 'test/nest11/package.json'));
  return dirname(requireFromNest11.resolve(`${name}/package.json`));
}

function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

async function load(mode: 'import' | 'require', dir: string, c: SmokeCase, options = JSON.stringify(c.options ?? {})) {
  const { stdout } = await run(process.execPath, [script, mode, dir, c.module, c.provider, options], {
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe.each(smokeCases)('dist of $name', (c) => {
  const dir = join(root, 'packages', c.dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

  it('has a file behind every exports target (run `pnpm build` first)', () => {
    const missing = exportTargets(manifest.exports).filter((target) => !existsSync(join(dir, target)));
    expect(missing).toEqual([]);
  });

  it.each(['import', 'require'] as const)(
    'loads with %s() on NestJS 12 and injects by constructor type',
    async (mode) => {
      const result = await load(mode, dir, c);
      expect(result.nestVersion).toMatch(/^12\./);
      expect(result.paramtypes.length).toBeGreaterThan(0);
      expect(result.paramtypes.filter((p: { type: string }) => p.type !== 'Object')).toEqual(
        expect.arrayContaining([expect.objectContaining({ resolved: true })]),
      );
    },
  );

  it.each(['import', 'require'] as const)(
    'loads with %s() on NestJS 11 and injects by constructor type',
    async (mode) => {
      const result = await load(mode, nest11Dir(c.name), c);
      expect(result.nestVersion).toMatch(/^11\./);
      expect(result.paramtypes.filter((p: { type: string }) => p.type !== 'Object')).toEqual(
        expect.arrayContaining([expect.objectContaining({ resolved: true })]),
      );
    },
  );

  it.each([
    ['NestJS 12', () => dir],
    ['NestJS 11', () => nest11Dir(c.name)],
  ])('boots with forRoot() and no argument on %s', async (_name, where) => {
    if (c.options) return; // this package needs options: forRoot() without them is an error by design
    const result = await load('require', where(), c, 'none');
    expect(result.paramtypes.length).toBeGreaterThan(0);
  });
});
