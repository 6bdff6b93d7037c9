// The logger's line counters on a real OpenTelemetry SDK (test-support's TestTelemetry).
import { TestTelemetry } from '@ballast/test-support';
import { pino } from 'pino';
import { BatchedDestination } from './batched-destination.js';
import { countLine } from './logger.telemetry.js';

let sdk: TestTelemetry;
beforeAll(() => {
  sdk = new TestTelemetry().start();
});
afterAll(async () => {
  await sdk.stop();
});

describe('ballast.logger.lines.dropped', () => {
  it('counts the lines of a batch the sink failed to write, by reason', async () => {
    const destination = new BatchedDestination(
      {
        write: () => {
          throw new Error('EPIPE');
        },
      },
      1_000_000,
      60_000,
    );
    destination.write('a\n');
    destination.write('b\n');
    destination.write('c\n');
    expect(() => destination.flushSync()).toThrow('EPIPE');
    expect(await sdk.points('ballast.logger.lines.dropped')).toMatchObject([
      { unit: '{line}', value: 3, attributes: { reason: 'write_error' } },
    ]);
  });
});

describe('ballast.logger.lines', () => {
  it('counts lines by level label, custom levels included', async () => {
    const { labels } = pino({ customLevels: { audit: 35 } }).levels;
    countLine(30, labels);
    countLine(30, labels);
    countLine(35, labels);
    const points = await sdk.points('ballast.logger.lines');
    expect(points.find((p) => p.attributes['log.level'] === 'info')).toMatchObject({ unit: '{line}', value: 2 });
    expect(points.find((p) => p.attributes['log.level'] === 'audit')).toMatchObject({ value: 1 });
  });
});
