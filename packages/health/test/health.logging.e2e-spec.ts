import { type LoggerService, Module } from '@nestjs/common';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import { BallastHealthModule } from '../src/index.js';

interface Line {
  level: 'log' | 'error' | 'warn';
  message: unknown;
  context: unknown;
}

/** Every line, with the message as given (an object stays an object) and the context (the last argument). */
class RecordingLogger implements LoggerService {
  readonly lines: Line[] = [];
  log(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'log', message, context: params.at(-1) });
  }
  error(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'error', message, context: params.at(-1) });
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'warn', message, context: params.at(-1) });
  }
  debug(): void {}
  verbose(): void {}
}

describe.each(adapters)('failed checks are logged once per state change on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function boot(indicators: object[]) {
    @Module({ imports: [BallastHealthModule.forRoot({ exposeDetails: false, readiness: { indicators } as never })] })
    class AppModule {}
    const logger = new RecordingLogger();
    app = await bootApp(AppModule, adapter, { logger });
    // Every warning and error (terminus's own failure line included), and what BallastHealth logs.
    const health = () => logger.lines.filter((line) => line.level !== 'log' || line.context === 'BallastHealth');
    return { logger, health };
  }

  it('5 failing probes: one "down" line with fields; recovery: one "up" line; nothing from terminus', async () => {
    let failing = true;
    const db = {
      check: () => {
        if (failing) throw new Error('ECONNREFUSED 10.0.0.7:5432');
        return { up: true };
      },
    };
    const search = { check: () => ({ up: !failing, details: { host: 'search.internal' } }) };
    const { health } = await boot([
      { name: 'db', use: db },
      { name: 'search', use: search },
    ]);

    for (let i = 0; i < 5; i++) expect((await app!.request('/health/ready')).status).toBe(503);
    expect(health()).toEqual([
      {
        level: 'error',
        context: 'BallastHealth',
        message: {
          msg: 'health check db is down',
          probe: 'ready',
          check: 'db',
          status: 'down',
          reason: 'error',
          message: 'ECONNREFUSED 10.0.0.7:5432',
        },
      },
      {
        level: 'error',
        context: 'BallastHealth',
        message: {
          msg: 'health check search is down',
          probe: 'ready',
          check: 'search',
          status: 'down',
          reason: 'reported-down',
          details: { host: 'search.internal' },
        },
      },
    ]);

    failing = false;
    for (let i = 0; i < 3; i++) expect((await app!.request('/health/ready')).status).toBe(200);
    const after = health().slice(2);
    expect(after).toEqual([
      {
        level: 'log',
        context: 'BallastHealth',
        message: { msg: 'health check db is up again', probe: 'ready', check: 'db', status: 'up', previous: 'down' },
      },
      {
        level: 'log',
        context: 'BallastHealth',
        message: {
          msg: 'health check search is up again',
          probe: 'ready',
          check: 'search',
          status: 'up',
          previous: 'down',
        },
      },
    ]);

    failing = true;
    for (let i = 0; i < 2; i++) expect((await app!.request('/health/ready')).status).toBe(503);
    expect(
      health()
        .slice(4)
        .map((line) => [line.level, (line.message as { msg: string }).msg]),
    ).toEqual([
      ['error', 'health check db is down'],
      ['error', 'health check search is down'],
    ]);
  });

  it('a non-critical check going degraded: one warn line, then nothing while it stays so', async () => {
    const search = { check: () => ({ up: false }) };
    const { health } = await boot([{ name: 'search', use: search, critical: false }]);
    for (let i = 0; i < 3; i++) expect((await app!.request('/health/ready')).status).toBe(200);
    expect(health()).toEqual([
      {
        level: 'warn',
        context: 'BallastHealth',
        message: {
          msg: 'health check search is degraded',
          probe: 'ready',
          check: 'search',
          status: 'degraded',
          reason: 'reported-down',
        },
      },
    ]);
  });
});
