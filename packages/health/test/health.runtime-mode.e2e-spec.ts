// exposeDetails defaults to true only for an explicit development or test mode (@ballast/context's
// resolveRuntimeMode): never because NODE_ENV is unset. Each case boots a real app with its own environment (Jest sets
// NODE_ENV=test, and the machine running the suite may itself be a pod).
import { Module } from '@nestjs/common';
import { adapters, bootApp, CapturingLogger, type TestApp, withModeEnv } from '@ballast/test-support';
import { BallastHealthModule, type HealthModuleOptions } from '../src/index.js';

const K8S = '10.96.0.1';
const SECRET_HOST = 'ECONNREFUSED 10.0.0.7:5432';

describe.each(adapters)('the exposeDetails default by runtime mode on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function boot(env: Record<string, string | undefined>, options: HealthModuleOptions) {
    const failing = {
      check: () => {
        throw new Error(SECRET_HOST);
      },
    };
    @Module({
      imports: [BallastHealthModule.forRoot({ readiness: { indicators: [{ name: 'db', use: failing }] }, ...options })],
    })
    class AppModule {}
    const logger = new CapturingLogger();
    app = await withModeEnv(env, () => bootApp(AppModule, adapter, { logger }));
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    return {
      entry: ready.body.error.db as Record<string, unknown>,
      defaults: logger.lines.filter((line) => line.startsWith('[BallastHealth] exposeDetails')),
    };
  }

  const unset = 'details need an explicit development or test mode';
  it.each([
    {
      name: 'NODE_ENV unset in Kubernetes',
      env: { KUBERNETES_SERVICE_HOST: K8S },
      options: {},
      line: 'exposeDetails false (KUBERNETES_SERVICE_HOST is set: running in Kubernetes)',
    },
    {
      name: 'NODE_ENV unset outside Kubernetes',
      env: {},
      options: {},
      line: `exposeDetails false (NODE_ENV is not set, not running in Kubernetes: ${unset})`,
    },
    {
      name: 'APP_ENV named (NODE_ENV=production beside it)',
      env: { APP_ENV: 'development', NODE_ENV: 'production' },
      options: { runtimeModeVariable: 'APP_ENV' },
      line: 'exposeDetails true (APP_ENV is "development")',
    },
    {
      name: 'APP_ENV named but unset (NODE_ENV=test beside it)',
      env: { NODE_ENV: 'test' },
      options: { runtimeModeVariable: 'APP_ENV' },
      line: `exposeDetails false (APP_ENV is not set, not running in Kubernetes: ${unset})`,
    },
    {
      name: 'an explicit test mode in a production pod',
      env: { NODE_ENV: 'production', KUBERNETES_SERVICE_HOST: K8S },
      options: { runtimeMode: 'test' as const },
      line: 'exposeDetails true (mode "test" set by the app)',
    },
  ])('$name: logs "$line" and answers accordingly', async ({ env, options, line }) => {
    const { entry, defaults } = await boot(env, options);
    expect(defaults).toEqual([`[BallastHealth] ${line}`]);
    if (line.startsWith('exposeDetails true')) {
      expect(entry).toMatchObject({ status: 'down', reason: 'error', message: SECRET_HOST });
    } else {
      expect(entry).toEqual({ status: 'down', reason: 'error' });
    }
  });

  it('logs nothing when the app sets exposeDetails, and uses it as is', async () => {
    const { entry, defaults } = await boot({ NODE_ENV: 'development' }, { exposeDetails: false });
    expect(defaults).toEqual([]);
    expect(entry).toEqual({ status: 'down', reason: 'error' });
  });
});
