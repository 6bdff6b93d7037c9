import { randomBytes } from 'node:crypto';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { httpRequest, type AdapterCase, type HttpRequestOptions, type HttpResponse } from '@ballast/test-support';
import pg from 'pg';
import { createApp } from '../../src/create-app.js';

/** Environment for one app: a value sets the variable, `undefined` removes it (e.g. a DATABASE_URL set by CI). */
export type TestEnv = Record<string, string | undefined>;

export interface RunningApp {
  nest: INestApplication;
  url: string;
  logs: string[];
  request(path: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Records every line Nest's Logger receives, as text, so tests can assert what is (not) logged. */
class MemoryLogger implements LoggerService {
  readonly lines: string[] = [];
  private push(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push(`${level} ${JSON.stringify([message, ...rest])}`);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.push('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.push('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.push('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.push('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.push('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.push('fatal', message, rest);
  }
}

/**
 * Boots the example exactly as main.ts does (createApp), with `env` applied to process.env while it is created,
 * and listens on a random loopback port. process.env is restored afterwards.
 */
export async function startApp(adapter: AdapterCase, env: TestEnv = {}): Promise<RunningApp> {
  const saved = { ...process.env };
  for (const [key, value] of Object.entries({ NODE_ENV: 'test', ...env })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let nest: INestApplication | undefined;
  try {
    nest = await createApp(adapter.name, { abortOnError: false });
    const logger = new MemoryLogger();
    nest.useLogger(logger);
    await nest.listen(0, '127.0.0.1');
    const url = (await nest.getUrl()).replace('[::1]', '127.0.0.1');
    const app = nest;
    return {
      nest: app,
      url,
      logs: logger.lines,
      request: (path, options) => httpRequest(url + path, options),
      close: () => app.close(),
    };
  } catch (error) {
    await nest?.close().catch(() => undefined);
    throw error;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** The embedded database: no DATABASE_URL even when the surrounding environment (CI) sets one. */
export const embedded: TestEnv = { DATABASE_URL: undefined, REDIS_URL: undefined };

/**
 * A PostgreSQL schema of its own (`example_<random>`), so parallel runs by others never meet our tables.
 * Call `create()` before the app boots and `drop()` after it closed.
 */
export function postgresSchema(databaseUrl: string): { env: TestEnv; create(): Promise<void>; drop(): Promise<void> } {
  const schema = `example_${randomBytes(6).toString('hex')}`;
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

/** A valid body for POST /users, with a unique email. */
export function newUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: `user-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Ada Lovelace',
    password: 'Analytical1',
    ...overrides,
  };
}
