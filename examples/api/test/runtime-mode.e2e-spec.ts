import { randomUUID } from 'node:crypto';
import { adapters } from '@ballast/test-support';
import { DataSource } from 'typeorm';
import { embedded, startApp, type RunningApp, type TestEnv } from './helpers/start-app.js';

// What the example exposes and how it shuts down depends on the runtime mode (@ballast/context's
// resolveRuntimeMode), not on config's NODE_ENV, which defaults to 'development' when the variable is unset.
// Each case sets NODE_ENV and KUBERNETES_SERVICE_HOST itself (Jest sets NODE_ENV=test; CI may run in a pod).
const unset: TestEnv = { ...embedded, NODE_ENV: undefined, KUBERNETES_SERVICE_HOST: undefined, APP_ENV: undefined };

describe.each(adapters)('the example by runtime mode on $name', (adapter) => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The lines a module logged about its derived defaults. */
  const derived = (running: RunningApp) =>
    running
      .logs()
      .filter((line) => line.context === 'BallastHealth' || line.context === 'BallastShutdown')
      .map((line) => `[${String(line.context)}] ${String(line.msg)}`)
      .filter((line) => /\] (exposeDetails|readinessDelayMs) /.test(line));

  /** Loses the database under the app, then reads a user (an unexpected error) and readiness. */
  async function failingRequests(running: RunningApp) {
    await running.nest.get(DataSource).destroy();
    const user = await running.request(`/users/${randomUUID()}`);
    const ready = await running.request('/health/ready');
    expect(user.status).toBe(500);
    expect(ready.status).toBe(503);
    return { message: user.body.message as string, database: ready.body.error.database as Record<string, unknown> };
  }

  it('with NODE_ENV unset: hides internal error messages and probe details, no shutdown delay', async () => {
    app = await startApp(adapter, unset);
    expect(derived(app)).toEqual([
      '[BallastHealth] exposeDetails false (NODE_ENV is not set, not running in Kubernetes: details need an ' +
        'explicit development or test mode)',
      '[BallastShutdown] readinessDelayMs 0 (NODE_ENV is not set, not running in Kubernetes)',
    ]);
    const { message, database } = await failingRequests(app);
    expect(message).toBe('Internal server error');
    expect(database).toEqual({ status: 'down', reason: 'error' });
  });

  it('with NODE_ENV unset in Kubernetes: hides internals, 5 s shutdown delay', async () => {
    app = await startApp(adapter, { ...unset, KUBERNETES_SERVICE_HOST: '10.96.0.1' });
    expect(derived(app)).toEqual([
      '[BallastHealth] exposeDetails false (KUBERNETES_SERVICE_HOST is set: running in Kubernetes)',
      '[BallastShutdown] readinessDelayMs 5000 (KUBERNETES_SERVICE_HOST is set: running in Kubernetes)',
    ]);
    const { message, database } = await failingRequests(app);
    expect(message).toBe('Internal server error');
    expect(database).toEqual({ status: 'down', reason: 'error' });
  });

  it('with NODE_ENV=development: shows internal error messages and probe details', async () => {
    app = await startApp(adapter, { ...unset, NODE_ENV: 'development' });
    expect(derived(app)).toEqual([
      '[BallastHealth] exposeDetails true (NODE_ENV is "development")',
      '[BallastShutdown] readinessDelayMs 0 (NODE_ENV is "development")',
    ]);
    const { message, database } = await failingRequests(app);
    expect(message).not.toBe('Internal server error');
    expect(database).toMatchObject({ status: 'down', reason: 'error', message: expect.any(String) });
  });

  it('with SHUTDOWN_DELAY set: uses it and logs no derived delay', async () => {
    app = await startApp(adapter, { ...unset, NODE_ENV: 'production', SHUTDOWN_DELAY: '2s' });
    expect(derived(app)).toEqual(['[BallastHealth] exposeDetails false (NODE_ENV is "production")']);
  });
});
