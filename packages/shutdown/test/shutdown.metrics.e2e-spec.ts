// The shutdown's metrics on a real OpenTelemetry SDK (test-support's TestTelemetry), in-process (`exit: false`,
// `signals: []`): the sequence runs inside Jest and the "exit" is its result. No timed assertions.
import { Controller, Get, Module } from '@nestjs/common';
import { adapters, bootApp, type Point, TestTelemetry } from '@ballast/test-support';
import { BallastShutdownModule, enableBallastShutdown, ShutdownService } from '../src/index.js';
import { get } from './support/child-app.js';

let arrived: () => void = () => undefined;

@Controller()
class NeverController {
  @Get('never')
  never(): Promise<never> {
    arrived();
    return new Promise(() => undefined);
  }
}

@Module({
  imports: [
    BallastShutdownModule.forRoot({
      signals: [],
      exit: false,
      readinessDelayMs: 0,
      drainTimeoutMs: 300,
      timeoutMs: 10_000,
      timeoutExitCode: 9,
    }),
  ],
  controllers: [NeverController],
})
class AppModule {}

const sum = (points: Point[]): number => points.reduce((total, p) => total + (p.count ?? p.value ?? 0), 0);

let sdk: TestTelemetry;
beforeAll(() => {
  sdk = new TestTelemetry().start();
});
afterAll(async () => {
  await sdk.stop();
});

describe.each(adapters)('shutdown metrics on $name', (adapter) => {
  it('records each phase, the requests in flight at the signal, the cut connections and the exit code', async () => {
    const phasesBefore = await sdk.points('ballast.shutdown.phase.duration');
    const cutBefore = sum(await sdk.points('ballast.shutdown.connections_cut'));
    const app = await bootApp(AppModule, adapter, { configure: (nest) => void enableBallastShutdown(nest) });
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    const never = get(`${app.url}/never`, false);
    await inHandler;

    const result = await app.nest.get(ShutdownService).shutdown('test');
    expect(result).toMatchObject({ exitCode: 9, cutConnections: 1 });
    expect((await never).ok).toBe(false);

    const phases = await sdk.points('ballast.shutdown.phase.duration');
    for (const phase of ['readiness-delay', 'drain', 'hooks', 'close']) {
      const of = (points: Point[]) => points.filter((p) => p.attributes.phase === phase);
      expect(sum(of(phases))).toBe(sum(of(phasesBefore)) + 1);
      expect(of(phases)[0]).toMatchObject({ unit: 's' });
    }
    expect(
      phases.every((p) => ['readiness-delay', 'drain', 'hooks', 'close'].includes(String(p.attributes.phase))),
    ).toBe(true);
    expect(await sdk.points('ballast.shutdown.inflight_requests')).toMatchObject([{ unit: '{request}', value: 1 }]);
    expect(sum(await sdk.points('ballast.shutdown.connections_cut'))).toBe(cutBefore + 1);
    expect(await sdk.points('ballast.shutdown.exit_code')).toMatchObject([{ value: 9 }]);
  });
});
