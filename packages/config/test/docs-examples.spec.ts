import swc from '@swc/core';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zod from 'zod';
import * as ballast from '../src/index.js';
import * as ballastEnv from '../src/env.js';

// docs/packages/config.md shows the Zod form of the config; this suite runs that very block against the package
// source, so the page cannot show an example that does not validate, coerce and hide secrets as it says.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const GUIDE = 'docs/packages/config.md';
const guide = readFileSync(join(root, GUIDE), 'utf8');

/** The code of the ```ts block between `<!-- docs-test: name` and `<!-- /docs-test -->` (as test/docs/ marks them). */
function snippet(markdown: string, name: string): string {
  const start = markdown.indexOf(`<!-- docs-test: ${name} `);
  const end = markdown.indexOf('<!-- /docs-test -->', start);
  if (start === -1 || end === -1) throw new Error(`${GUIDE}: no "<!-- docs-test: ${name}" … "<!-- /docs-test -->"`);
  const code = /```ts\n([\s\S]*?)```/.exec(markdown.slice(start, end));
  if (!code) throw new Error(`${GUIDE}: the docs-test block "${name}" holds no \`\`\`ts code block`);
  return code[1]!;
}

/** The modules a snippet may import, as an app would get them: the package source and the installed libraries. */
const MODULES: Record<string, unknown> = { '@ballast/config': ballast, '@ballast/config/env': ballastEnv, zod };

/** Compiles a snippet (TypeScript) and runs it, returning its exports. */
function load(code: string): Record<string, unknown> {
  const { code: js } = swc.transformSync(code, {
    filename: 'snippet.ts',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const exports: Record<string, unknown> = {};
  const require = (name: string) => {
    if (!(name in MODULES)) throw new Error(`the snippet imports "${name}", which this test does not provide`);
    return MODULES[name];
  };
  new Function('exports', 'require', js)(exports, require);
  return exports;
}

describe(`${GUIDE}: the Zod example`, () => {
  const { envSchema, dbConfig } = load(snippet(guide, 'zod')) as {
    envSchema: ballast.ConfigSchemaInput;
    dbConfig: ballast.ConfigNamespace;
  };
  const SECRET = 'a-jwt-secret-that-is-32-chars-long!';
  const check = (env: Record<string, string>) =>
    ballast.validateEnv({ schema: envSchema, namespaces: [dbConfig], env, ignoreEnvFile: true });

  it('validates a good environment into coerced values, in the root schema and the namespace', () => {
    const { values, namespaces, lines } = check({
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db:5432/app',
      JWT_SECRET: SECRET,
      SWAGGER_ENABLED: 'false',
      DB_POOL_SIZE: '20',
    });
    expect(values).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8080,
      DATABASE_URL: 'postgres://app@db:5432/app',
      JWT_SECRET: SECRET,
      SWAGGER_ENABLED: false,
      DB_POOL_SIZE: 20,
      DB_SSL: false,
    });
    expect(namespaces).toEqual({ db: { poolSize: 20, ssl: false } });
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('reports every bad variable at once, with no value and no secret', () => {
    const shortSecret = 'hunter2-is-not-long-enough';
    let error: unknown;
    try {
      check({ PORT: 'http', JWT_SECRET: shortSecret, SWAGGER_ENABLED: 'maybe', DB_POOL_SIZE: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ballast.BallastConfigError);
    const { code, problems, message } = error as ballast.BallastConfigError;
    expect(code).toBe(ballast.CONFIG_VALIDATION_FAILED);
    expect(problems.map((problem) => problem.key).sort()).toEqual(
      ['DATABASE_URL', 'DB_POOL_SIZE', 'JWT_SECRET', 'PORT', 'SWAGGER_ENABLED'].sort(),
    );
    expect(message).toContain('- DATABASE_URL: is required');
    expect(message).toContain('- JWT_SECRET: must be at least 32 characters long');
    expect(message).not.toContain(shortSecret);
    expect(message).not.toContain('http');
  });
});
