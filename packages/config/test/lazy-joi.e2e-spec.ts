import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { filesLoading, sourceFiles } from '@ballast/test-support';

// joi costs about 60 ms to load: an app that passes no Joi schema and uses no fragment helper must not load it.
// Checked on the built dist in a real process (Jest's own module registry would not tell), for both builds.

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, '../src');
const probe = join(here, 'fixtures/joi-probe.mjs');
const dists = { import: join(here, '../dist/index.js'), require: join(here, '../dist/index.cjs') };

interface Probe {
  entry: string;
  joiBeforeConfig: boolean;
  joiAfterImport: boolean;
  joiAfterBoot: boolean;
  value?: unknown;
}

async function runProbe(loader: 'import' | 'require', mode: 'none' | 'fragment' | 'schema' | 'zod'): Promise<Probe> {
  const { stdout } = await run(process.execPath, [probe, loader, mode], {
    cwd: dirname(probe),
    // A clean environment: only PATH, and NODE_OPTIONS emptied (Jest's --experimental-vm-modules is not for the app).
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', APP_PORT: '8081', APP_TIMEOUT: '1m' },
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Probe;
}

it('no source file imports joi statically, except for types (src/joi.ts loads it on first use)', () => {
  expect(filesLoading(src, 'joi')).toEqual([]);
});

describe.each(['import', 'require'] as const)('an app on the built dist, loaded with %s()', (loader) => {
  beforeAll(() => {
    const dist = dists[loader];
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm --filter @ballast/config build\` first.`);
    // A stale dist would test old code: this suite is about what the build loads.
    const newest = Math.max(...sourceFiles(src).map((file) => statSync(file).mtimeMs));
    if (statSync(dist).mtimeMs < newest) {
      throw new Error(`${dist} is older than src/: run \`pnpm --filter @ballast/config build\` first.`);
    }
  });

  it('does not load joi when no Joi schema and no fragment helper is used (forRoot({}))', async () => {
    const result = await runProbe(loader, 'none');
    expect(fileURLToPath(new URL(result.entry, 'file:///'))).toBe(dists[loader]);
    expect(result).toMatchObject({ joiBeforeConfig: false, joiAfterImport: false, joiAfterBoot: false });
  });

  it('loads joi once a fragment helper is used, and the fragments validate and coerce', async () => {
    const result = await runProbe(loader, 'fragment');
    expect(result).toMatchObject({ joiBeforeConfig: false, joiAfterImport: false, joiAfterBoot: true });
    expect(result.value).toEqual({
      APP_PORT: 8081,
      APP_DEBUG: false,
      APP_TIMEOUT: 60_000,
      APP_LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    });
  });

  it('never loads joi for an app on a Standard Schema library (Zod), secret() and optional() included', async () => {
    const result = await runProbe(loader, 'zod');
    expect(result).toMatchObject({ joiBeforeConfig: false, joiAfterImport: false, joiAfterBoot: false, value: 8081 });
  });

  it("validates the app's own Joi schema (joi loaded by the app)", async () => {
    const result = await runProbe(loader, 'schema');
    expect(result).toMatchObject({ joiAfterImport: false, joiAfterBoot: true, value: 8081 });
  });
});
