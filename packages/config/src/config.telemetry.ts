import { createHash } from 'node:crypto';
import { type MeterLike, PackageTelemetry, PACKAGE_VERSION } from '@ballast/kernel';

/** The loaded configurations of the apps alive in this process, reported by `ballast.config.info`. */
const live = new Map<Record<string, unknown>, string | undefined>();

function createInstruments(meter: MeterLike): object {
  meter
    .createObservableGauge('ballast.config.info', {
      unit: '1',
      description: 'Always 1; config.hash identifies the effective configuration (values are never exported).',
    })
    .addCallback((result) => {
      for (const values of live.keys()) result.observe(1, { 'config.hash': hashOf(values) });
    });
  return {};
}

/** @internal */
export const configTelemetry = new PackageTelemetry('@ballast/config', PACKAGE_VERSION, createInstruments);

/**
 * Reports `values` (the validated values of an app's configuration) on `ballast.config.info` until `untrackConfig`.
 * The gauge is made on the meter provider registered by then (start the OpenTelemetry SDK before the app). @internal
 */
export function trackConfig(values: Record<string, unknown>): void {
  live.set(values, live.get(values));
  void configTelemetry.instruments;
}

/** @internal */
export function untrackConfig(values: Record<string, unknown>): void {
  live.delete(values);
}

/** The hash of one configuration, computed at its first collection (an app without OpenTelemetry never pays it). */
function hashOf(values: Record<string, unknown>): string {
  let hash = live.get(values);
  if (hash === undefined) {
    hash = configHash(values);
    live.set(values, hash);
  }
  return hash;
}

/**
 * sha256 over the sorted names and values (secrets included: the hash is one-way and only 64 bits of it are shown),
 * first 16 hex characters: two instances with the same hash run the same configuration. @internal
 */
export function configHash(values: Record<string, unknown>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(values).sort()) {
    const value = values[name];
    hash.update(`${name}=${JSON.stringify(value) ?? String(value)}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}
