import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zod from 'zod';
import { docSnippet, runSnippet } from '@ballast/test-support';
import * as ballast from '../src/index.js';
import * as ballastEnv from '../src/env.js';

// docs/packages/config.md shows the Zod form of the config; this suite runs that very block against the package
// source, so the page cannot show an example that does not validate, coerce and hide secrets as it says.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const GUIDE = 'docs/packages/config.md';
const guide = readFileSync(join(root, GUIDE), 'utf8');

/** The modules a snippet may import, as an app would get them: the package source and the installed libraries. */
const MODULES: Record<string, unknown> = { '@ballast/config': ballast, '@ballast/config/env': ballastEnv, zod };

describe(`${GUIDE}: the Zod example`, () => {
  const { envSchema, dbConfig } = runSnippet(docSnippet(guide, 'zod', GUIDE), MODULES) as {
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
