import type { ResolvedHealthOptions } from '../health.options.resolved.js';
import type { ProbeCheck } from '../probe/probe-runner.js';
import type { TerminusHandles } from '../terminus/lazy-terminus.js';
import { fromTerminus } from './from-terminus.js';

/** Readiness's `disk` check: terminus's storage indicator on `disk.path`. */
export async function diskCheck(
  terminus: TerminusHandles,
  disk: NonNullable<ResolvedHealthOptions['readiness']['disk']>,
): Promise<ProbeCheck> {
  const terminusDisk = await terminus.moduleRef.resolve(terminus.exports.DiskHealthIndicator, undefined, {
    strict: false,
  });
  const { path, thresholdPercent } = disk;
  return {
    name: 'disk',
    ...disk,
    run: async () =>
      fromTerminus(await terminusDisk.checkStorage('disk', { path, thresholdPercent }), thresholdPercent),
  };
}
