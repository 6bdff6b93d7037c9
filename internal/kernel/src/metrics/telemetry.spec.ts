import { TestTelemetry } from '@ballast/test-support';
import { PackageTelemetry, SECONDS_BUCKETS } from './telemetry.js';

describe('PackageTelemetry', () => {
  const made: string[] = [];
  const telemetry = new PackageTelemetry('@ballast/test', '0.0.0', (meter) => {
    made.push('instruments');
    return {
      duration: meter.createHistogram('test.duration', {
        unit: 's',
        advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
      }),
      calls: meter.createCounter('test.calls'),
    };
  });
  const sdk = new TestTelemetry();
  afterAll(() => sdk.stop());

  it('records nothing, and costs no SDK, before a provider is registered', () => {
    expect(telemetry.enabled).toBe(false);
    telemetry.instruments.calls.add(1);
    expect(made).toEqual(['instruments']); // the no-op set only
  });

  it('records on the provider registered later (an SDK started after the module)', async () => {
    sdk.start();
    expect(telemetry.enabled).toBe(true);
    telemetry.instruments.calls.add(2, { kind: 'a' });
    telemetry.instruments.duration.record(0.003);
    expect(made).toEqual(['instruments', 'instruments']);
    const calls = await sdk.points('test.calls');
    expect(calls).toEqual([expect.objectContaining({ value: 2, attributes: { kind: 'a' } })]);
    const [duration] = await sdk.points('test.duration');
    expect(duration).toMatchObject({ count: 1, unit: 's', boundaries: SECONDS_BUCKETS });
  });
});
