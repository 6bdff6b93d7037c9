// nestjs-cls 6 and BallastContextModule in one NestJS 12 app, against the built dist: the NestJS 12 half of
// nestjs-cls.e2e-spec.ts. Jest's CommonJS loader cannot load nestjs-cls on NestJS 12 (it require()s ESM-only
// @nestjs/common), Node 20.19+ itself can: the app runs in a plain `node` child (fixtures/nestjs-cls-nest12.mjs),
// which sends 50 concurrent requests per adapter and exits 1 on any wrong id or value. The NestJS 11 run
// (jest.nest11.config.js) would repeat the very same process, so it skips this file. Build first:
// `pnpm --filter @ballast/context build` (`pnpm test` and CI build before testing).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/nestjs-cls-nest12.mjs', import.meta.url));

// NestJS 11 is CommonJS: its namespace has a `default` export; NestJS 12 (ESM) has none.
const onNest11 = 'default' in (await import('@nestjs/common'));
if (onNest11)
  process.stdout.write('skipped: nestjs-cls on NestJS 12 (it runs the NestJS 12 dist; see the NestJS 12 run)\n');
const describeNest12 = onNest11 ? describe.skip : describe;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runFixture(): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [fixture],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, stdout, stderr }),
    );
  });
}

describeNest12('nestjs-cls 6 and BallastContextModule together on NestJS 12 (built dist, real process)', () => {
  let run: Run;

  beforeAll(async () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm --filter @ballast/context build\` first.`);
    run = await runFixture();
  }, 70_000);

  it('keeps both contexts right on 50 concurrent requests, on Express and Fastify', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual([
      'express: 50 concurrent requests, both contexts correct: true',
      'fastify: 50 concurrent requests, both contexts correct: true',
      expect.stringMatching(/^NestJS 12\.\S+, nestjs-cls 6\.\S+, Node v\S+: OK$/),
    ]);
    expect(run.code).toBe(0);
  });
});
