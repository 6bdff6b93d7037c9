import { TestTelemetry } from '@ballast/test-support';
import { Tallies } from './tallies.js';
import { PackageTelemetry } from './telemetry.js';

describe('Tallies', () => {
  const active = new Tallies<string>();
  const lines = new Tallies<number>();
  const telemetry = new PackageTelemetry('@ballast/test-tallies', '0.0.0', (meter) => {
    meter.createObservableUpDownCounter('test.active').addCallback(active.observe);
    meter.createObservableCounter('test.lines').addCallback(lines.observe);
    return {};
  });
  const sdk = new TestTelemetry();
  afterAll(() => sdk.stop());

  it('adds a key once, keeping the first attributes', () => {
    const first = active.add('GET', { method: 'GET' });
    expect(active.add('GET', { method: 'other' })).toBe(first);
    expect(active.get('GET')).toBe(first);
    expect(active.get('PUT')).toBeUndefined();
  });

  it('reports the plain counts at collection, as up-down counter and counter, zeros included', async () => {
    sdk.start();
    void telemetry.instruments;
    active.get('GET')!.value += 2;
    active.add('POST', { method: 'POST' });
    lines.add(30, { level: 'info' }).value += 5;
    expect(await sdk.points('test.active')).toEqual([
      expect.objectContaining({ value: 2, attributes: { method: 'GET' } }),
      expect.objectContaining({ value: 0, attributes: { method: 'POST' } }),
    ]);
    active.get('GET')!.value -= 2;
    lines.get(30)!.value += 1;
    expect((await sdk.points('test.active')).map((p) => p.value)).toEqual([0, 0]);
    expect(await sdk.points('test.lines')).toEqual([
      expect.objectContaining({ value: 6, attributes: { level: 'info' } }),
    ]);
  });
});
