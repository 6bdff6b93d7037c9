// The apps users actually have: what the Nest CLI generates. release:check runs the pinned CLI, adds ballast the way
// docs/getting-started.md says (env schema, AppModule, main.ts) plus one e2e spec in the template's own style, and
// then runs the template's own, unchanged, test commands.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Exact Nest CLI versions (the latest 11.x and 12.x when this matrix was written; bump on purpose). */
export const NEST_CLI = { 11: '11.0.24', 12: '12.0.15' };

export const templates = [
  // CommonJS, Jest + ts-jest (`jest` / `jest --config ./test/jest-e2e.json`).
  { name: 'nest11-cli', generation: '11', cli: NEST_CLI[11], args: [], node: 20 },
  // ESM, vitest 4 + vite 8, @nestjs/observe in AppModule and main.ts (kept exactly as generated).
  { name: 'nest12-cli-esm', generation: '12', cli: NEST_CLI[12], args: ['--type', 'esm'], node: 20 },
  // CommonJS, Jest run as `node --experimental-vm-modules …`: Jest's runtime require()s the ESM-only Nest 12, which
  // needs Node 24.9+, so this one is generated and tested on Node 24.
  { name: 'nest12-cli-cjs', generation: '12', cli: NEST_CLI[12], args: ['--type', 'cjs'], node: 24 },
  // The ESM app on Zod instead of Joi (docs/getting-started.md step 3's Zod block): joi is not installed at all.
  {
    name: 'nest12-cli-esm-zod',
    generation: '12',
    cli: NEST_CLI[12],
    args: ['--type', 'esm'],
    node: 20,
    schema: 'zod',
    swap: { joi: 'zod@4' },
    // The guide's Zod schema reads SHUTDOWN_DELAY as milliseconds (Joi's duration() also takes '0s').
    env: { SHUTDOWN_DELAY: '0' },
  },
];

/** The request id the checks send, and expect back in the body, the header and a log line. */
export const REQUEST_ID = 'release-check-404';

// Steps 3 and 4 of docs/getting-started.md, read from the page itself: what the apps get is what users copy.
const guide = readFileSync(new URL('../../docs/getting-started.md', import.meta.url), 'utf8');

/** The fenced ts block of the guide whose first line is `// <file>`. */
function guideBlock(file) {
  const block = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.startsWith(`// ${file}\n`));
  if (!block) throw new Error(`docs/getting-started.md: no ts block starting with "// ${file}"`);
  return block;
}

const envSchemas = Object.fromEntries(
  [
    ['joi', 'src/config/env.schema.ts'],
    ['zod', 'src/config/env.schema.ts (Zod)'],
  ].map(([schema, title]) => [
    schema,
    guideBlock(title).replace(/^\/\/ .*\n/, "// Added by ballast's release:check: docs/getting-started.md step 3.\n"),
  ]),
);

const appModuleBlock = guideBlock('src/app.module.ts');

// The guide's imports, less what the template already has (Module) and with the template's own extension style.
const ballastImports = (ext) =>
  [...appModuleBlock.matchAll(/^import .*;\n/gm)]
    .map((m) => m[0])
    .filter((line) => !line.includes("from '@nestjs/common'"))
    .map((line) => line.replace(/'(\.\/[^']+)\.js'/, `'$1${ext}'`))
    .join('');

// The guide's `imports: [...]` entries. One addition: LOG_FILE sends the log lines to a file instead of stdout (the
// logger's `destination`), which is how the e2e spec reads them back.
const ballastModules = (() => {
  const entries = /^ {2}imports: \[\n([\s\S]*?)^ {2}\],$/m.exec(appModuleBlock)?.[1];
  if (!entries) throw new Error('docs/getting-started.md step 4: no "imports: [" ... "]," in the AppModule block');
  const withFile = entries.replace(/^( +)(pretty: .*\n)/m, '$1$2$1destination: process.env.LOG_FILE || 1,\n');
  if (withFile === entries) throw new Error('docs/getting-started.md step 4: the logger factory has no `pretty:` line');
  return withFile;
})();

/** The generated AppModule with the ballast modules appended to its `imports` (anything generated stays). */
export function patchAppModule(source, ext) {
  const lastImport = [...source.matchAll(/^import .*;\n/gm)].at(-1);
  if (!lastImport) throw new Error('app.module.ts: no import statement found');
  let patched =
    source.slice(0, lastImport.index + lastImport[0].length) +
    ballastImports(ext) +
    source.slice(lastImport.index + lastImport[0].length);
  if (/imports: \[\],/.test(patched)) {
    patched = patched.replace(/imports: \[\],/, `imports: [\n${ballastModules}  ],`);
  } else if (/imports: \[\n[\s\S]*?\n {2}\],/.test(patched)) {
    patched = patched.replace(
      /(imports: \[\n[\s\S]*?\n)( {2}\],)/,
      (_, head, close) => `${head}${ballastModules}${close}`,
    );
  } else {
    throw new Error('app.module.ts: no "imports: [...]" in @Module() (has the template changed?)');
  }
  return patched;
}

/**
 * docs/getting-started.md step 5, keeping whatever the template passes to NestFactory.create (Nest 12:
 * `instrument: ObserveInstrument`) and its way of calling bootstrap (`await` in ESM, `void` or bare in CJS).
 */
export function patchMain(source, ext) {
  const importLine = /^import \{ (.+) \} from '\.\/app\.module(?:\.js)?';$/m.exec(source);
  if (!importLine) throw new Error('main.ts: no import of ./app.module (has the template changed?)');
  const extra = /NestFactory\.create\(AppModule, \{\s*([\s\S]*?),?\s*\}\)/.exec(source)?.[1]?.trim();
  const call = /^(await |void )?bootstrap\(\);$/m.exec(source);
  if (!call) throw new Error('main.ts: no bootstrap() call (has the template changed?)');
  const options = ['bufferLogs: true', ...(extra ? [extra] : [])].join(', ');
  return `// ballast's release:check: docs/getting-started.md step 5 (the template's NestFactory options are kept).
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { bootstrapWithConfig } from '@ballast/config';
import { BallastLogger } from '@ballast/logger';
import { enableBallastShutdown } from '@ballast/shutdown';
import { ${importLine[1]} } from './app.module${ext}';

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { ${options} });
  app.useLogger(app.get(BallastLogger)); // every Nest log line as JSON, with requestId
  enableBallastShutdown(app); // owns SIGTERM/SIGINT: readiness off, drain, close, flush, exit (no enableShutdownHooks)
  await app.listen(app.get(ConfigService).get('PORT') ?? 3000);
}
${call[1] ?? ''}bootstrapWithConfig(bootstrap);
`;
}

/** One e2e spec in the style of the template's own test/app.e2e-spec.ts (same imports, same harness). */
export function e2eSpec(ext) {
  return `// Added by ballast's release:check: the template's AppModule with the seven ballast modules, on the template's
// own e2e harness (Test.createTestingModule + app.init() + supertest on app.getHttpServer()).
import { Test, TestingModule } from '@nestjs/testing';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { App } from 'supertest/types${ext}';
import { AppModule } from './../src/app.module${ext}';

const requestId = '${REQUEST_ID}';

describe('ballast (e2e)', () => {
  let app: INestApplication<App>;
  let logFile: string;

  beforeAll(async () => {
    // The logger's destination (read by AppModule's factory, which runs in compile()).
    logFile = join(mkdtempSync(join(tmpdir(), 'ballast-e2e-')), 'app.log');
    process.env.LOG_FILE = logFile;
    const moduleFixture: TestingModule = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();

    app = moduleFixture.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    delete process.env.LOG_FILE;
  });

  it("the template's route still answers", () => {
    return request(app.getHttpServer()).get('/').expect(200).expect('Hello World!');
  });

  it.each(['/health/live', '/health/ready'])('%s answers 200', async (path) => {
    const res = await request(app.getHttpServer()).get(path);
    if (res.status !== 200) throw new Error(\`\${path} answered \${res.status} \${JSON.stringify(res.body)}\`);
  });

  it('a 404 carries the sent x-request-id in the body, the header and a log line', async () => {
    const res = await request(app.getHttpServer())
      .get('/no-such-route')
      .set('x-request-id', requestId)
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, requestId });
    expect(res.headers['x-request-id']).toBe(requestId);

    await app.get<{ flush(): Promise<void> }>('BALLAST_LOGGER_FLUSH').flush();
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\\n')
      .map((line) => JSON.parse(line) as { requestId?: string; durationMs?: number });
    // Exactly one request line (the logger's, with durationMs): the request went through the hooks once.
    expect(lines.filter((line) => line.requestId === requestId && 'durationMs' in line)).toHaveLength(1);
  });
});
`;
}

/** Adds ballast to a freshly generated app (before its single npm install), with its env schema in `schema`. */
export function addBallast(dir, schema = 'joi') {
  const read = (file) => readFileSync(join(dir, file), 'utf8');
  const ext = read('src/app.module.ts').includes("from './app.controller.js'") ? '.js' : '';
  mkdirSync(join(dir, 'src/config'), { recursive: true });
  writeFileSync(join(dir, 'src/config/env.schema.ts'), envSchemas[schema]);
  writeFileSync(join(dir, 'src/app.module.ts'), patchAppModule(read('src/app.module.ts'), ext));
  writeFileSync(join(dir, 'src/main.ts'), patchMain(read('src/main.ts'), ext));
  writeFileSync(join(dir, 'test/ballast.e2e-spec.ts'), e2eSpec(ext));
  return { ext };
}
