import type { MemoryHealthIndicator } from '@nestjs/terminus';
import type { ResolvedHealthOptions } from '../health.options.resolved.js';
import type { ProbeCheck } from '../probe/probe-runner.js';
import { fromTerminus } from './from-terminus.js';

/** Liveness's `memory_heap` and `memory_rss` checks (terminus's memory indicator), those not turned off. */
export function memoryChecks(
  memory: MemoryHealthIndicator,
  liveness: ResolvedHealthOptions['liveness'],
  timeoutMs: number,
): ProbeCheck[] {
  const checks: ProbeCheck[] = [];
  const { heapUsedBytes, rssBytes } = liveness;
  if (heapUsedBytes !== false) {
    checks.push(
      builtIn('memory_heap', timeoutMs, async () =>
        fromTerminus(await memory.checkHeap('heap', heapUsedBytes), heapUsedBytes),
      ),
    );
  }
  if (rssBytes !== false) {
    checks.push(
      builtIn('memory_rss', timeoutMs, async () => fromTerminus(await memory.checkRSS('rss', rssBytes), rssBytes)),
    );
  }
  return checks;
}

/** A check of the process itself: always critical, never cached. */
export function builtIn(name: string, timeoutMs: number, run: ProbeCheck['run']): ProbeCheck {
  return { name, critical: true, timeoutMs, cacheMs: 0, run };
}
