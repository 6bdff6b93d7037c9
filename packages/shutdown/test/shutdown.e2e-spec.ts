// In-process tests (NestJS 12 and 11): module wiring, the shutdown state, hooks, and the drain on a real socket.
// Signals and the exit itself are covered in child processes (shutdown.signals.e2e-spec.ts); here `signals: []` and
// `exit: false` let the sequence run inside Jest and return its result.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import {
  Controller,
  Get,
  Global,
  Inject,
  Injectable,
  Module,
  Optional,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { adapters, bootApp, sleep } from '@ballast/test-support';
import {
  BallastShutdownError,
  BallastShutdownModule,
  BeforeShutdown,
  enableBallastShutdown,
  SHUTDOWN_INVALID_OPTIONS,
  SHUTDOWN_MODULE_MISSING,
  SHUTDOWN_STATE,
  ShutdownService,
  type ShutdownModuleOptions,
  type ShutdownState,
} from '../src/index.js';
import * as exported from '../src/index.js';
import { get } from './support/child-app.js';

const quiet: ShutdownModuleOptions = { signals: [], exit: false };

/** Records the order in which things happened during a shutdown. */
const events: string[] = [];

@Controller()
class ProbeController {
  constructor(@Optional() @Inject('BALLAST_SHUTDOWN_STATE') private readonly state?: ShutdownState) {}

  @Get('ready')
  ready(): string {
    return this.state?.isShuttingDown ? 'down' : 'up';
  }

  @Get('slow')
  async slow(): Promise<string> {
    await sleep(600);
    return 'slow ok';
  }
}

@Injectable()
class Consumer implements OnApplicationShutdown {
  @BeforeShutdown({ order: 2 })
  async stop(): Promise<void> {
    events.push('hook:consumer');
  }

  onApplicationShutdown(): void {
    events.push('resource:closed');
  }
}

@Global()
@Module({
  providers: [
    {
      provide: 'BALLAST_LOGGER_FLUSH',
      useValue: { flush: async () => void events.push('logger:flush') },
    },
  ],
  exports: ['BALLAST_LOGGER_FLUSH'],
})
class FakeLoggerModule {}

function appModule(options: ShutdownModuleOptions) {
  @Module({
    imports: [FakeLoggerModule, BallastShutdownModule.forRoot({ ...quiet, ...options })],
    controllers: [ProbeController],
    providers: [Consumer],
  })
  class AppModule {}
  return AppModule;
}

beforeEach(() => {
  events.length = 0;
});

describe('BallastShutdownModule wiring', () => {
  it('boots with forRoot, provides the service and the state token as the same instance', async () => {
    const app = await NestFactory.createApplicationContext(appModule({}), { logger: false });
    try {
      const service = app.get(ShutdownService);
      expect(service.options).toMatchObject({ signals: [], exit: false, drainTimeoutMs: 10_000, timeoutMs: 25_000 });
      expect(app.get(SHUTDOWN_STATE)).toBe(service);
      expect(SHUTDOWN_STATE).toBe('BALLAST_SHUTDOWN_STATE');
      expect(service.isShuttingDown).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useFactory + inject)', async () => {
    @Module({ providers: [{ provide: 'DELAY', useValue: 1234 }], exports: ['DELAY'] })
    class SettingsModule {}
    @Module({
      imports: [
        BallastShutdownModule.forRootAsync({
          imports: [SettingsModule],
          inject: ['DELAY'],
          useFactory: (delay: number) => ({ ...quiet, readinessDelayMs: delay }),
        }),
      ],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      expect(app.get(ShutdownService).options.readinessDelayMs).toBe(1234);
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useClass)', async () => {
    @Injectable()
    class ShutdownConfig {
      createShutdownOptions(): ShutdownModuleOptions {
        return { ...quiet, drainTimeoutMs: 4321 };
      }
    }
    @Module({ imports: [BallastShutdownModule.forRootAsync({ useClass: ShutdownConfig })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      expect(app.get(ShutdownService).options.drainTimeoutMs).toBe(4321);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with one message naming every option and its fix', async () => {
    @Module({
      imports: [
        BallastShutdownModule.forRoot({
          signals: ['SIGKILL'],
          readinessDelayMs: -1,
          timeoutExitCode: 300,
        } as ShutdownModuleOptions),
      ],
    })
    class BadModule {}
    const error = await NestFactory.createApplicationContext(BadModule, { logger: false, abortOnError: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BallastShutdownError);
    expect((error as BallastShutdownError).code).toBe(SHUTDOWN_INVALID_OPTIONS);
    expect((error as Error).message).toMatch(/signals: item 0 must be a catchable signal name .*got "SIGKILL"/);
    expect((error as Error).message).toMatch(/readinessDelayMs: must be an integer number of milliseconds >= 0/);
    expect((error as Error).message).toMatch(/timeoutExitCode: must be an integer exit code from 0 to 255/);
  });

  it('refuses at boot an unknown option returned by a forRootAsync factory, suggesting the right one', async () => {
    @Module({
      imports: [
        BallastShutdownModule.forRootAsync({
          useFactory: () => ({ ...quiet, drainTimeout: 5000 }) as ShutdownModuleOptions,
        }),
      ],
    })
    class TypoModule {}
    const error = await NestFactory.createApplicationContext(TypoModule, { logger: false, abortOnError: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BallastShutdownError);
    expect((error as BallastShutdownError).code).toBe(SHUTDOWN_INVALID_OPTIONS);
    expect((error as Error).message).toBe(
      'Invalid BallastShutdownModule options:\n- drainTimeout: unknown option; did you mean drainTimeoutMs?',
    );
  });

  it('enableBallastShutdown() explains what to import when the module is missing', async () => {
    @Module({})
    class EmptyModule {}
    const app = await NestFactory.createApplicationContext(EmptyModule, { logger: false });
    try {
      expect(() => enableBallastShutdown(app)).toThrow(
        expect.objectContaining({
          code: SHUTDOWN_MODULE_MISSING,
          message: expect.stringMatching(/Import BallastShutdownModule/),
        }),
      );
    } finally {
      await app.close();
    }
  });

  it('warns when app.enableShutdownHooks() was also called', async () => {
    const warnings: string[] = [];
    const app = await NestFactory.createApplicationContext(appModule({}), {
      logger: { log() {}, error() {}, warn: (message: string) => void warnings.push(message) },
    });
    try {
      app.enableShutdownHooks(['SIGUSR2']);
      enableBallastShutdown(app);
      expect(warnings.join('\n')).toMatch(/app\.enableShutdownHooks\(\) was called/);
    } finally {
      await app.close();
    }
  });

  it('documents every error code in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const codes = Object.entries(exported)
      .filter(([key, value]) => key.startsWith('SHUTDOWN_') && key !== 'SHUTDOWN_STATE' && typeof value === 'string')
      .map(([, value]) => value as string);
    expect(codes.length).toBeGreaterThanOrEqual(4);
    for (const code of codes) expect(readme).toContain(code);
  });
});

describe.each(adapters)('the shutdown sequence in-process on $name', (adapter) => {
  it('flips the state at once, keeps serving with Connection: close, drains, runs hooks, closes, flushes', async () => {
    const app = await bootApp(appModule({ readinessDelayMs: 400, drainTimeoutMs: 3000, timeoutMs: 6000 }), adapter, {
      configure: (nest) => void enableBallastShutdown(nest),
    });
    const service = app.nest.get(ShutdownService);
    service.addHook('queue', () => void events.push('hook:queue'), { order: 1 });
    const seen: string[] = [];
    service.onShutdown(() => seen.push('listener'));
    service.shutdown$.subscribe((event) => seen.push(`event:${event.reason}`));

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(`${app.url}/ready`, agent)).connectionClose).toBe(false);
    const inFlight = get(`${app.url}/slow`, false);
    await sleep(100);

    const done = service.shutdown('test');
    // Synchronously: readiness consumers see it before anything else happens.
    expect(service.isShuttingDown).toBe(true);
    expect([...seen].sort()).toEqual(['event:test', 'listener']);

    const during = await get(`${app.url}/ready`, agent);
    expect(during.status).toBe(200);
    expect(await getText(`${app.url}/ready`)).toBe('down');
    expect(during.connectionClose).toBe(true);

    const result = await done;
    expect((await inFlight).ok).toBe(true);
    expect(result).toMatchObject({ exitCode: 0, reason: 'test', cutConnections: 0, failedHooks: [], timedOut: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(400);
    expect(events).toEqual(['hook:queue', 'hook:consumer', 'resource:closed', 'logger:flush']);
    // The server no longer accepts connections.
    expect((await get(`${app.url}/ready`, false)).error).toBe('ECONNREFUSED');
    agent.destroy();
  });

  it('reports a hook that times out, goes on, and exits with errorExitCode', async () => {
    const app = await bootApp(appModule({ errorExitCode: 7, hookTimeoutMs: 100 }), adapter, {
      configure: (nest) => void enableBallastShutdown(nest),
    });
    const service = app.nest.get(ShutdownService);
    let aborted = false;
    service.addHook('stuck', ({ signal }) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => undefined);
    });
    service.addHook('after', () => void events.push('hook:after'), { order: 5, timeoutMs: 1000 });
    const result = await service.shutdown('test');
    expect(result.exitCode).toBe(7);
    expect(result.failedHooks).toEqual(['stuck']);
    expect(aborted).toBe(true);
    expect(events).toEqual(['hook:consumer', 'hook:after', 'resource:closed', 'logger:flush']);
  });

  it('runs the sequence only once when shutdown() is called twice', async () => {
    const app = await bootApp(appModule({}), adapter, { configure: (nest) => void enableBallastShutdown(nest) });
    const service = app.nest.get(ShutdownService);
    const [a, b] = await Promise.all([service.shutdown('one'), service.shutdown('two')]);
    expect(a).toBe(b);
    expect(events.filter((e) => e === 'resource:closed')).toHaveLength(1);
  });

  it('cuts a request still open at drainTimeoutMs and reports it with timeoutExitCode', async () => {
    @Controller()
    class NeverController {
      @Get('never')
      never(): Promise<never> {
        return new Promise(() => undefined);
      }
    }
    @Module({
      imports: [BallastShutdownModule.forRoot({ ...quiet, drainTimeoutMs: 300, timeoutMs: 5000, timeoutExitCode: 9 })],
      controllers: [NeverController],
    })
    class AppModule {}
    const app = await bootApp(AppModule, adapter, { configure: (nest) => void enableBallastShutdown(nest) });
    const never = get(`${app.url}/never`, false);
    await sleep(100);
    const result = await app.nest.get(ShutdownService).shutdown('test');
    expect(result).toMatchObject({ exitCode: 9, cutConnections: 1 });
    expect((await never).ok).toBe(false);
  });

  it('leaves the app to a plain app.close() when shutdown never started', async () => {
    const before = process.listenerCount('SIGTERM');
    const app = await bootApp(appModule({ signals: ['SIGTERM'] }), adapter, {
      configure: (nest) => void enableBallastShutdown(nest),
    });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    await app.close();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(events).toEqual(['resource:closed']);
  });
});

async function getText(url: string): Promise<string> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}
