import { Global, Module } from '@nestjs/common';
import { adapters, bootApp, type Point, type TestApp, TestTelemetry } from '@ballast/test-support';
import { BallastHealthModule, type HealthModuleOptions } from '../src/index.js';
import { FakeShutdownState } from './fixtures/shutdown-state.js';

// One SDK for the file, registered before any app: the packages keep the instruments they made on it.
const sdk = new TestTelemetry();
beforeAll(() => sdk.start());
afterAll(() => sdk.stop());

function appWith(options: HealthModuleOptions, state: FakeShutdownState) {
  @Global()
  @Module({
    providers: [{ provide: 'BALLAST_SHUTDOWN_STATE', useValue: state }],
    exports: ['BALLAST_SHUTDOWN_STATE'],
  })
  class Extras {}
  @Module({ imports: [Extras, BallastHealthModule.forRoot(options)] })
  class AppModule {}
  return AppModule;
}

/** Points of `name` whose attributes include `attributes`. */
async function pointsOf(name: string, attributes: Record<string, unknown>): Promise<Point[]> {
  return (await sdk.points(name)).filter((p) =>
    Object.entries(attributes).every(([key, value]) => p.attributes[key] === value),
  );
}

describe.each(adapters)('health metrics and spans on $name', (adapter) => {
  // Check names per adapter: both apps record on the one SDK of this file.
  const up = `up_${adapter.name.toLowerCase()}`;
  const down = `down_${adapter.name.toLowerCase()}`;
  const state = new FakeShutdownState();
  let app: TestApp;

  beforeAll(async () => {
    app = await bootApp(
      appWith(
        {
          readiness: {
            indicators: [
              { name: up, use: { check: () => ({ up: true }) } },
              { name: down, use: { check: () => Promise.reject(new Error('ECONNREFUSED')) } },
            ],
          },
        },
        state,
      ),
      adapter,
    );
  });
  afterAll(() => app.close());

  it('records the status and the duration of each check of a probe, and the probe state', async () => {
    expect((await app.request('/health/ready')).status).toBe(503);
    expect((await app.request('/health/live')).status).toBe(200);
    const status = async (check: string) =>
      (await pointsOf('ballast.health.check.status', { check, probe: 'readiness' })).map((p) => p.value);
    expect(await status(up)).toEqual([1]);
    expect(await status(down)).toEqual([0]);
    for (const check of [up, down]) {
      const [duration] = await pointsOf('ballast.health.check.duration', { check, probe: 'readiness' });
      expect(duration).toMatchObject({ unit: 's', count: 1 });
    }
    const heap = await pointsOf('ballast.health.check.status', { check: 'memory_heap', probe: 'liveness' });
    expect(heap.map((p) => p.value)).toContain(1);
    const probes = await sdk.points('ballast.health.probe.state');
    expect(probes.filter((p) => p.attributes.probe === 'readiness').map((p) => p.value)).toContain(0);
    expect(probes.filter((p) => p.attributes.probe === 'liveness').map((p) => p.value)).toContain(1);
  });

  it('makes a span per check run, failed checks with an error status', async () => {
    await app.request('/health/ready');
    const [ok] = sdk.spans(`health check ${up}`);
    const [failed] = sdk.spans(`health check ${down}`);
    expect(ok!.attributes).toMatchObject({ check: up, probe: 'readiness' });
    expect(ok!.status.code).not.toBe(2);
    expect(failed!.status.code).toBe(2);
  });
});

describe.each(adapters)('health probe state on $name', (adapter) => {
  const state = new FakeShutdownState();
  let app: TestApp;
  beforeAll(async () => {
    app = await bootApp(
      appWith({ readiness: { indicators: [{ name: 'dep', use: { check: () => true } }] } }, state),
      adapter,
    );
  });
  afterAll(() => app.close());

  it('reports readiness as failing from the start of shutdown, before any probe runs again', async () => {
    const readiness = async () =>
      (await pointsOf('ballast.health.probe.state', { probe: 'readiness' })).map((p) => p.value);
    expect((await app.request('/health/ready')).status).toBe(200);
    expect(await readiness()).toEqual([1]);
    state.begin();
    expect(await readiness()).toEqual([0]);
  });
});
