import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, trace, type ContextManager, type Context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { adapters, bootApp } from '@ballast/test-support';
import { BallastLogger, BallastLoggerModule, LOGGER_FLUSH, type LoggerModuleOptions } from '../src/index.js';
import { MemoryStream } from './fixtures/memory-stream.js';

const out = new MemoryStream();
const LOG_CONFIG = 'LOG_CONFIG';

@Module({ providers: [{ provide: LOG_CONFIG, useValue: { level: 'debug' } }], exports: [LOG_CONFIG] })
class ConfigLikeModule {}

@Injectable()
class LoggerOptionsFactory {
  createLoggerOptions(): LoggerModuleOptions {
    return { level: 'warn', destination: out, base: { service: 'from-class' } };
  }
}

afterEach(() => {
  out.clear();
  Logger.overrideLogger(false);
});

describe.each(adapters)('BallastLoggerModule on $name', (adapter) => {
  it('forRoot: global, injectable by type, writes JSON with base fields', async () => {
    @Module({ imports: [BallastLoggerModule.forRoot({ destination: out, base: { service: 'orders' } })] })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      app.nest.get(BallastLogger).log('hello');
      expect(out.lines()).toEqual([expect.objectContaining({ level: 30, msg: 'hello', service: 'orders' })]);
      expect(out.lines()[0]!.pid).toBeUndefined(); // base replaces pino's default { pid, hostname }
    } finally {
      await app.close();
    }
  });

  it('forRootAsync (useFactory + inject) reads options from another provider', async () => {
    @Module({
      imports: [
        BallastLoggerModule.forRootAsync({
          imports: [ConfigLikeModule],
          inject: [LOG_CONFIG],
          useFactory: (config: { level: 'debug' }) => ({ level: config.level, destination: out }),
        }),
      ],
    })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      const logger = app.nest.get(BallastLogger);
      logger.debug('visible at debug');
      logger.verbose('hidden below debug');
      expect(out.lines().map((l) => l.msg)).toEqual(['visible at debug']);
      expect(logger.getLevel()).toBe('debug');
    } finally {
      await app.close();
    }
  });

  it('forRootAsync (useClass)', async () => {
    @Module({ imports: [BallastLoggerModule.forRootAsync({ useClass: LoggerOptionsFactory })] })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      const logger = app.nest.get(BallastLogger);
      logger.log('below warn');
      logger.warn('at warn');
      expect(out.lines()).toEqual([expect.objectContaining({ msg: 'at warn', service: 'from-class' })]);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with one message naming every option and its fix', async () => {
    @Module({
      imports: [
        BallastLoggerModule.forRoot({
          level: 'verbosee' as never,
          pretty: 'yes' as never,
          redact: { keys: 'password' as never },
          requestLogging: { ignorePaths: ['health'] },
          destination: {} as never,
          colour: true,
        } as LoggerModuleOptions),
      ],
    })
    class BadModule {}
    const error = await bootApp(BadModule, adapter).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('BALLAST_LOGGER_INVALID_OPTIONS');
    expect(error?.message).toContain('Invalid BallastLoggerModule options:');
    expect(error?.message).toContain(
      `- level: must be one of 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'log', 'verbose', got "verbosee"; did you mean 'verbose'?`,
    );
    expect(error?.message).toContain('- pretty: must be a boolean');
    expect(error?.message).toContain('- redact.keys: must be an array');
    expect(error?.message).toContain(
      `- requestLogging.ignorePaths: item 0 must be a path starting with '/' or a RegExp, got "health".`,
    );
    expect(error?.message).toContain('- destination: must be a file descriptor');
    expect(error?.message).toContain('- colour: unknown option; the options are level, pretty, redact, ');
  });
});

describe('BallastLogger', () => {
  async function create(options: LoggerModuleOptions = {}) {
    @Module({ imports: [BallastLoggerModule.forRoot({ destination: out, ...options })] })
    class AppModule {}
    return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  }

  it('routes every Nest log once the app uses it (bufferLogs)', async () => {
    @Module({ imports: [BallastLoggerModule.forRoot({ destination: out })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
    app.useLogger(app.get(BallastLogger));
    await app.init();
    new Logger('Billing').warn('card expiring', { customerId: 7 });
    await app.close();
    const lines = out.lines();
    // Nest's own boot lines were buffered, then written through pino with their context
    expect(lines.some((l) => l.context === 'InstanceLoader' && l.level === 30)).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, context: 'Billing', msg: 'card expiring', customerId: 7 }),
    );
  });

  it('merges object arguments as fields, in both shapes', async () => {
    const app = await create();
    const logger = app.get(BallastLogger);
    logger.log({ msg: 'user signed in', userId: 1 });
    logger.log('user signed in', { userId: 2 }, 'AuthService');
    logger.warn({ message: 'quota low', remaining: 3 });
    logger.log('with extras', 42, true);
    expect(
      out.lines().map(({ msg, userId, context, remaining, args }) => ({ msg, userId, context, remaining, args })),
    ).toEqual([
      { msg: 'user signed in', userId: 1 },
      { msg: 'user signed in', userId: 2, context: 'AuthService' },
      { msg: 'quota low', remaining: 3 },
      { msg: 'with extras', args: [42, true] },
    ]);
    await app.close();
  });

  it('serializes errors with type, message, stack and the cause chain, in every Nest call shape', async () => {
    const app = await create();
    class PaymentError extends Error {
      code = 'CARD_DECLINED';
    }
    const root = new TypeError('socket hang up');
    const err = new PaymentError('payment failed', { cause: new Error('gateway timeout', { cause: root }) });
    app.useLogger(app.get(BallastLogger));
    new Logger('Payments').error(err);
    new Logger('Payments').error('charge failed', err.stack);
    app.get(BallastLogger).error('charge failed again', err, { orderId: 5 });
    app.get(BallastLogger).error(new Error('retry exhausted', { cause: { attempts: 3, reason: 'timeout' } }));
    const [first, second, third, fourth] = out.lines();
    expect(first).toMatchObject({
      level: 50,
      context: 'Payments',
      msg: 'payment failed',
      err: {
        type: 'PaymentError',
        message: 'payment failed',
        code: 'CARD_DECLINED',
        stack: expect.stringContaining('payment failed'),
        cause: { type: 'Error', message: 'gateway timeout', cause: { type: 'TypeError', message: 'socket hang up' } },
      },
    });
    expect(second).toMatchObject({ msg: 'charge failed', context: 'Payments', stack: expect.stringContaining('at ') });
    expect(third).toMatchObject({ msg: 'charge failed again', orderId: 5, err: { type: 'PaymentError' } });
    expect(fourth!.err.cause).toEqual({ attempts: 3, reason: 'timeout' }); // a cause that is not an Error
    await app.close();
  });

  it('changes level at runtime and maps Nest levels', async () => {
    const app = await create({ level: 'log' });
    const logger = app.get(BallastLogger);
    logger.debug('hidden');
    logger.setLevel('verbose');
    logger.verbose('now visible');
    logger.setLogLevels(['error', 'warn']);
    logger.log('hidden again');
    logger.warn('warned');
    expect(out.lines().map((l) => [l.level, l.msg])).toEqual([
      [10, 'now visible'],
      [40, 'warned'],
    ]);
    expect(() => logger.setLevel('loud' as never)).toThrow(/BallastLogger.setLevel\(\): "loud" is not a level/);
    await app.close();
  });

  it('provides BALLAST_LOGGER_FLUSH, and no line is lost with an async file destination', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ballast-logger-'));
    const file = join(dir, 'app.log');
    try {
      @Injectable()
      class ShutdownLike {
        constructor(@Inject('BALLAST_LOGGER_FLUSH') readonly flusher: { flush(): Promise<void> }) {}
      }
      @Module({
        imports: [BallastLoggerModule.forRoot({ destination: file, sync: false })],
        providers: [ShutdownLike],
      })
      class AppModule {}
      const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
      await app.init();
      const logger = app.get(BallastLogger);
      for (let i = 0; i < 500; i++) logger.log('buffered line', { i });
      await app.get(ShutdownLike).flusher.flush();
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(500);
      logger.log('last words');
      await app.close(); // onApplicationShutdown flushes
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(501);
      expect(JSON.parse(lines[500]!).msg).toBe('last words');
      expect(app.get(LOGGER_FLUSH, { strict: false })).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('buffered stdout (the default) in a real process', () => {
    const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/buffered-exit-app.mjs');

    /** Runs the fixture; resolves with its stdout lines once it exits or `until` holds for what it printed so far. */
    function run(mode: string, lines: number, until?: (out: string[]) => boolean, env: Record<string, string> = {}) {
      type Result = { lines: string[]; code: number | null; signal: NodeJS.Signals | null; stderr: string };
      return new Promise<Result>((resolve, reject) => {
        const child = spawn(process.execPath, [fixture], {
          cwd: dirname(fixture),
          env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', MODE: mode, LINES: String(lines), ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const split = () => stdout.split('\n').filter((l) => l.startsWith('{'));
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (until?.(split())) child.kill('SIGKILL');
        });
        child.on('error', reject);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ lines: split(), code, signal, stderr });
        });
      });
    }

    it('writes every line when the process exits right after logging (process.exit)', async () => {
      const { lines, code } = await run('exit', 300);
      expect(code).toBe(0);
      expect(lines).toHaveLength(300);
      expect(JSON.parse(lines[299]!)).toMatchObject({ msg: 'buffered line', i: 299 });
    });

    it('writes full batches and the last partial one in order (several batches, then exit)', async () => {
      // About 100 bytes a line: 3,000 lines are several 32 KiB batches and a remainder held at exit.
      const { lines, code } = await run('exit', 3_000);
      expect(code).toBe(0);
      expect(lines.map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([...Array(3_000).keys()]);
    });

    it('writes every line before an uncaught exception ends the process', async () => {
      const { lines, code } = await run('throw', 300);
      expect(code).toBe(1);
      expect(lines).toHaveLength(301); // and the line of the uncaught exception
      // (Thrown at the top level of an ES module: Node reports it as the rejection of the module's evaluation.)
      expect(JSON.parse(lines[300]!)).toMatchObject({ level: 60, msg: 'unhandled rejection' });
    });

    it.each([
      { mode: 'throw-in-context', msg: 'uncaught exception', type: 'TypeError', message: 'crash in a request' },
      { mode: 'reject-in-context', msg: 'unhandled rejection', type: 'RangeError', message: 'rejected in a request' },
    ])('writes one fatal JSON line with the request id on $msg, and the process ends as before', async (c) => {
      const { lines, code, stderr } = await run(c.mode, 5);
      expect(code).toBe(1); // Node's own ending: code 1, the error on stderr
      expect(stderr).toContain(c.message);
      expect(lines).toHaveLength(6);
      expect(JSON.parse(lines[5]!)).toMatchObject({
        level: 60,
        msg: c.msg,
        requestId: 'req-fatal-1',
        err: { type: c.type, message: c.message },
      });
    });

    it("logs an uncaught exception the app handles itself, and leaves the app's own ending alone", async () => {
      const { lines, code } = await run('throw-handled', 1);
      expect(code).toBe(5);
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[1]!)).toMatchObject({ level: 60, err: { message: 'handled by the app' } });
    });

    it.each(['SIGTERM', 'SIGINT', 'SIGHUP'])(
      'writes every line on %s, and the process still dies by it when no one else handles it',
      async (signal) => {
        const { lines, code, signal: killedBy } = await run('signal', 2_000, undefined, { SIGNAL: signal });
        expect({ code, killedBy }).toEqual({ code: null, killedBy: signal });
        expect(lines).toHaveLength(2_000);
        expect(JSON.parse(lines[1_999]!)).toMatchObject({ msg: 'buffered line', i: 1_999 });
      },
    );

    it('writes every line on SIGTERM and leaves the exit to the app when it handles the signal', async () => {
      const { lines, code, signal } = await run('signal', 2_000, undefined, { SIGNAL: 'SIGTERM', HANDLED: '1' });
      expect({ code, signal }).toEqual({ code: 7, signal: null });
      expect(lines).toHaveLength(2_000);
    });

    it("writes a quiet app's last line without anyone flushing (periodic flush)", async () => {
      // The child would stay up 10 s; the line must appear long before (it is written within about 100 ms).
      const started = Date.now();
      const { lines } = await run('quiet', 1, (out) => out.length >= 1);
      expect(lines).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(9_000);
    });
  });

  it('adds OpenTelemetry traceId and spanId while a span is active', async () => {
    // A minimal context manager (what @opentelemetry/context-async-hooks does), so a span can be active.
    const als = new AsyncLocalStorage<Context>();
    const manager: ContextManager = {
      active: () => als.getStore() ?? ROOT_CONTEXT,
      with: (ctx, fn, thisArg, ...args) => als.run(ctx, () => fn.call(thisArg, ...args)),
      bind: (_ctx, target) => target,
      enable() {
        return this;
      },
      disable() {
        return this;
      },
    };
    context.setGlobalContextManager(manager);
    try {
      const app = await create();
      const logger = app.get(BallastLogger);
      const span = trace.wrapSpanContext({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: 1,
      });
      context.with(trace.setSpan(context.active(), span), () => logger.log('in span'));
      logger.log('no span');
      // The API's INVALID_SPAN_CONTEXT (what a non-recording, unsampled parent can carry): no fields.
      const invalid = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
      context.with(trace.setSpan(context.active(), invalid), () => logger.log('invalid span'));
      expect(out.lines()).toEqual([
        expect.objectContaining({
          msg: 'in span',
          traceId: '0af7651916cd43dd8448eb211c80319c',
          spanId: 'b7ad6b7169203331',
        }),
        expect.not.objectContaining({ traceId: expect.anything() }),
        expect.not.objectContaining({ traceId: expect.anything() }),
      ]);
      await app.close();
    } finally {
      context.disable();
    }
  });

  it('writes pretty, escaped output with pretty: true', async () => {
    const app = await create({ pretty: true });
    app.get(BallastLogger).log('two\nlines \u001b[31mred', 'Ctx');
    await app.close();
    expect(out.text).toContain('[Ctx] two\\nlines \\u001b[31mred');
    expect(out.text.trim().split('\n')).toHaveLength(1);
  });
});
