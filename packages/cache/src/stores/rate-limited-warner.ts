import type { Logger } from '@nestjs/common';

/**
 * Logs one warning per key per interval, and says how many were suppressed in between: a Redis outage under load
 * produces a few lines, not one per request.
 * @internal
 */
export class RateLimitedWarner {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  warn(key: string, message: string): void {
    const now = Date.now();
    const seen = this.last.get(key);
    if (seen !== undefined && now - seen.at < this.intervalMs) {
      seen.suppressed++;
      return;
    }
    const suffix = seen?.suppressed ? ` (${seen.suppressed} similar warnings suppressed)` : '';
    this.last.set(key, { at: now, suppressed: 0 });
    this.logger.warn(message + suffix);
  }
}
