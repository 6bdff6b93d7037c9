// The readiness delay's default follows the runtime mode (@ballast/context's resolveRuntimeMode): 5 s in production
// or in Kubernetes, 0 in a stated test run or when nothing is set outside Kubernetes. Each case boots a real app with
// its own environment (Jest sets NODE_ENV=test, and the machine running the suite may itself be a pod).
import { Controller, Get, Module } from '@nestjs/common';
import { adapters, bootApp, CapturingLogger, sleep, type TestApp, withModeEnv } from '@ballast/test-support';
import {
  BallastShutdownModule,
  enableBallastShutdown,
  ShutdownService,
  type ShutdownModuleOptions,
} from '../src/index.js';

const K8S = '10.96.0.1';

@Controller()
class PingController {
  @Get('ping')
  ping(): string {
    return 'pong';
  }
}

async function boot(
  adapter: (typeof adapters)[number],
  env: Record<string, string | undefined>,
  options: ShutdownModuleOptions,
) {
  @Module({
    imports: [BallastShutdownModule.forRoot({ signals: [], exit: false, ...options })],
    controllers: [PingController],
  })
  class AppModule {}
  const logger = new CapturingLogger();
  const app = await withModeEnv(env, () =>
    bootApp(AppModule, adapter, { logger, configure: (nest) => void enableBallastShutdown(nest) }),
  );
  const defaults = () => logger.lines.filter((line) => line.startsWith('[BallastShutdown] readinessDelayMs'));
  return { app, defaults };
}

describe.each(adapters)('the readiness delay default by runtime mode on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  it.each([
    {
      name: 'NODE_ENV unset in Kubernetes',
      env: { KUBERNETES_SERVICE_HOST: K8S },
      options: {},
      line: 'readinessDelayMs 5000 (KUBERNETES_SERVICE_HOST is set: running in Kubernetes)',
    },
    {
      name: 'NODE_ENV unset outside Kubernetes',
      env: {},
      options: {},
      line: 'readinessDelayMs 0 (NODE_ENV is not set, not running in Kubernetes)',
    },
    {
      name: 'APP_ENV named (NODE_ENV=test beside it)',
      env: { APP_ENV: 'prod', NODE_ENV: 'test' },
      options: { runtimeModeVariable: 'APP_ENV' },
      line: 'readinessDelayMs 5000 (APP_ENV is "prod")',
    },
    {
      name: 'an explicit test mode in a production pod',
      env: { NODE_ENV: 'production', KUBERNETES_SERVICE_HOST: K8S },
      options: { runtimeMode: 'test' as const },
      line: 'readinessDelayMs 0 (mode "test" set by the app)',
    },
  ])('$name: logs once at startup "$line"', async ({ env, options, line }) => {
    const booted = await boot(adapter, env, options);
    app = booted.app;
    expect(booted.defaults()).toEqual([`[BallastShutdown] ${line}`]);
    expect(app.nest.get(ShutdownService).options.readinessDelayMs).toBe(line.includes(' 5000 ') ? 5000 : 0);
  });

  it('logs nothing when the app sets readinessDelayMs, and uses it as is', async () => {
    const booted = await boot(
      adapter,
      { NODE_ENV: 'production', KUBERNETES_SERVICE_HOST: K8S },
      { readinessDelayMs: 0 },
    );
    app = booted.app;
    expect(booted.defaults()).toEqual([]);
    expect(app.nest.get(ShutdownService).options.readinessDelayMs).toBe(0);
  });

  it('in Kubernetes without NODE_ENV, keeps serving through the 5 s delay after shutdown begins', async () => {
    const booted = await boot(adapter, { KUBERNETES_SERVICE_HOST: K8S }, {});
    const nest = booted.app;
    app = nest;
    const done = nest.nest.get(ShutdownService).shutdown('test');
    app = undefined; // closed by the sequence
    // Wide margins: 1 s into a 5 s delay the app still answers; the whole sequence cannot take less than the delay.
    await sleep(1_000);
    const during = await nest.request('/ping');
    expect(during.status).toBe(200);
    expect(during.headers.connection).toBe('close');
    const result = await done;
    expect(result.durationMs).toBeGreaterThanOrEqual(4_900);
  }, 30_000);

  it('outside Kubernetes without NODE_ENV, stops at once', async () => {
    const booted = await boot(adapter, {}, {});
    const nest = booted.app;
    app = nest;
    const result = await nest.nest.get(ShutdownService).shutdown('test');
    app = undefined;
    // No delay: far below the 5 s it would take in Kubernetes, even on a loaded machine.
    expect(result.durationMs).toBeLessThan(3_000);
  });
});
