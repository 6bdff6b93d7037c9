import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { httpRequest, type AdapterCase, type HttpRequestOptions, type HttpResponse } from '@ballast/test-support';
import { createApp } from '../../src/create-app.js';

/** Environment for one app: a value sets the variable, `undefined` removes it (e.g. a DATABASE_URL set by CI). */
export type TestEnv = Record<string, string | undefined>;

export interface RunningApp {
  nest: INestApplication;
  url: string;
  /** Every log line written so far, raw (for "never appears" checks)... */
  logText(): string;
  /** ...and parsed. */
  logs(): Record<string, unknown>[];
  request(path: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Collects the JSON lines the app's logger writes. */
class LogCollector extends Writable {
  readonly text: string[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text.push(...String(chunk).split('\n').filter(Boolean));
    done();
  }
}

/**
 * Boots the example exactly as main.ts does (createApp), with `env` applied to process.env while it is created,
 * and listens on a random loopback port (the management server too). process.env is restored afterwards.
 */
export async function startApp(adapter: AdapterCase, env: TestEnv = {}): Promise<RunningApp> {
  const saved = { ...process.env };
  // MANAGEMENT_PORT 0: the management server on a free port, so that parallel apps never fight over 9464.
  for (const [key, value] of Object.entries({ NODE_ENV: 'test', MANAGEMENT_PORT: '0', ...env })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let nest: INestApplication | undefined;
  try {
    const logs = new LogCollector();
    nest = await createApp(adapter.name, { abortOnError: false, logDestination: logs });
    await nest.listen(0, '127.0.0.1');
    const url = (await nest.getUrl()).replace('[::1]', '127.0.0.1');
    const app = nest;
    return {
      nest: app,
      url,
      logText: () => logs.text.join('\n'),
      logs: () => logs.text.map((line) => JSON.parse(line) as Record<string, unknown>),
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
export const embedded: TestEnv = { DATABASE_URL: undefined, REDIS_URL: undefined, CACHE_STORE: undefined };

export { postgresSchema } from './postgres-schema.js';

/** A valid body for POST /users, with a unique email. */
export function newUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: `user-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Ada Lovelace',
    password: 'Analytical1',
    ...overrides,
  };
}
