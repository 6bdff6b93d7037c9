import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A PostgreSQL schema of its own (`<prefix>_<random>`) for the example's tables, so runs never meet each other's rows.
 * `env` is what the example needs to use it; call `create()` before the app boots (its migrations fill it) and
 * `drop()` after it closed. Also used by the resilience suites, which start the example as processes.
 */
export function postgresSchema(
  databaseUrl: string,
  prefix = 'example',
): { env: { DATABASE_URL: string; DATABASE_SCHEMA: string }; create(): Promise<void>; drop(): Promise<void> } {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
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
