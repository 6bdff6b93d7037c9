import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './helpers.js';

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

// pg is a dependency of the example, not of the repository root: loaded from the example's folder.
const pg = createRequire(join(root, 'examples', 'api', 'package.json'))('pg') as {
  Client: new (options: { connectionString: string }) => PgClient;
};

/**
 * A PostgreSQL schema of its own (`resilience_<random>`) for the example's tables, so runs never meet each other's
 * rows. `env` is what the example needs to use it; call `create()` before the first instance boots (its migrations
 * fill it) and `drop()` at the end.
 */
export function postgresSchema(databaseUrl: string): {
  env: Record<string, string>;
  create(): Promise<void>;
  drop(): Promise<void>;
} {
  const schema = `resilience_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    env: { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema },
    create: () => run(`CREATE SCHEMA "${schema}"`),
    drop: () => run(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
  };
}
