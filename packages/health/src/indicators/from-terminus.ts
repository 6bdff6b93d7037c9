import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { HealthCheckOutcome } from '../health.check-types.js';

/** A terminus indicator result (`{ key: { status, ...data } }`) as our outcome, with the limit it was checked against. */
export function fromTerminus(result: HealthIndicatorResult, limit: number): HealthCheckOutcome {
  const [entry] = Object.values(result);
  const { status, ...details } = entry ?? { status: 'down' };
  return { up: status === 'up', details: { ...details, limit } };
}
