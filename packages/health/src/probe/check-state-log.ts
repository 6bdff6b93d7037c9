import type { Logger } from '@nestjs/common';
import type { ProbeResult } from './probe-runner.js';

/**
 * Logs one line per state change of a check, with its name, reason, message and details as fields (objects, so
 * @ballast/logger writes them as fields): `down` at error level, `degraded` at warn, back `up` at log. Repeated
 * failures log nothing; a check that is up from the start logs nothing either.
 */
export class CheckStateLog {
  /** Last status of each check, by `probe:name`. */
  private readonly states = new Map<string, 'up' | 'degraded' | 'down'>();

  constructor(private readonly logger: Pick<Logger, 'log' | 'warn' | 'error'>) {}

  record(probe: string, results: ProbeResult[]): void {
    for (const [check, entry] of results.flatMap((result) => Object.entries(result))) {
      const key = `${probe}:${check}`;
      const previous = this.states.get(key) ?? 'up';
      const { status, reason, message, responseTime: _time, cachedResponse: _cached, ...details } = entry;
      this.states.set(key, status);
      if (status === previous) continue;
      if (status === 'up') {
        this.logger.log({ msg: `health check ${check} is up again`, probe, check, status, previous });
        continue;
      }
      const fields = {
        msg: `health check ${check} is ${status}`,
        probe,
        check,
        status,
        ...(reason !== undefined && { reason }),
        ...(message !== undefined && { message }),
        ...(Object.keys(details).length > 0 && { details }),
      };
      if (status === 'down') this.logger.error(fields);
      else this.logger.warn(fields);
    }
  }
}
