import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serviceUrl } from '@ballast/test-support';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const nest11 = join(root, 'test', 'nest11');

// NestJS 11 apps made by the Nest CLI test with Jest in CommonJS mode (ts-jest), with no --experimental-vm-modules:
// there Jest rejects `import()`, so the CommonJS builds must never need it (optional peers included).
describe("the packages' CommonJS builds under Jest's CommonJS runtime (NestJS 11 app default)", () => {
  it('load, boot and reach Redis with no --experimental-vm-modules flag', async () => {
    const redisUrl = serviceUrl('REDIS_URL');
    const config = JSON.stringify({
      rootDir: join(here, 'jest-cjs'),
      testMatch: ['**/*.test.cjs'],
      testEnvironment: 'node',
      transform: {},
      // One copy of each package, as in an npm app's flat node_modules: NestJS 11 and its companions from test/nest11.
      moduleNameMapper: {
        '^(@ballast/[^/]+|@nestjs/[^/]+)$': join(nest11, 'node_modules', '$1'),
      },
    });
    const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    if (!redisUrl) delete env.REDIS_URL;
    const result = await run(process.execPath, [jest, '--config', config, '--ci', '--colors=false'], {
      env,
      cwd: root,
      timeout: 120_000,
    }).catch((error: { stdout: string; stderr: string }) => error);
    expect(result.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  }, 150_000);
});
