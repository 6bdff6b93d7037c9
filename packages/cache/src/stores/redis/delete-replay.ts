import type { Logger } from '@nestjs/common';
import type { CircuitBreaker } from '../circuit-breaker.js';
import { PendingDeletes } from './pending-deletes.js';
import type { RedisConnection } from './redis.connection.js';
import { BATCH, FAILED, type RedisKeyspace } from './redis.keyspace.js';

/** @internal */
export interface DeleteReplayOptions {
  label: string;
  logger: Logger;
  valuesPrefix: string;
  opTimeoutMs: number;
}

/**
 * Deletes and invalidations that could not reach Redis, kept (deduplicated) and replayed when it answers again, so
 * a delete during an outage is never lost: the old value cannot come back once Redis does.
 * @internal
 */
export class DeleteReplay {
  readonly pending: PendingDeletes;
  private replaying = false;
  private lastReplay = 0;

  constructor(
    private readonly connection: RedisConnection,
    private readonly guard: CircuitBreaker,
    private readonly keyspace: RedisKeyspace,
    private readonly options: DeleteReplayOptions,
  ) {
    this.pending = new PendingDeletes({ label: options.label, logger: options.logger }, options.valuesPrefix);
  }

  /** Keeps keys whose delete failed (with why, for the log line). */
  keepKeys(keys: readonly string[]): void {
    this.pending.addKeys(keys, this.guard.lastFailure);
  }

  keepPrefix(prefix: string): void {
    this.pending.addPrefix(prefix, this.guard.lastFailure);
  }

  keepTags(tags: readonly string[]): void {
    this.pending.addTags(tags, this.guard.lastFailure);
  }

  /**
   * Replays what is pending: at once when Redis is back (`now`), else at most every few hundred ms while reads see
   * some pending. What fails again stays pending.
   */
  replay(now: boolean): void {
    // With the breaker open, the replay's first command is its trial (reads of pending keys never reach Redis).
    if (this.replaying || this.pending.size === 0 || !this.connection.isReady) return;
    if (!now && Date.now() - this.lastReplay < Math.max(250, this.options.opTimeoutMs * 2)) return;
    this.replaying = true;
    this.lastReplay = Date.now();
    void this.replayPending().finally(() => {
      this.replaying = false;
    });
  }

  private async replayPending(): Promise<void> {
    const { keys, prefixes, tags } = this.pending.snapshot();
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      if ((await this.keyspace.unlink(batch)) === FAILED) return;
      this.pending.done({ keys: batch });
    }
    for (const prefix of prefixes) {
      const found = await this.keyspace.scan(prefix, true);
      if (found === FAILED || !(await this.keyspace.unlinkAll(found))) return;
      this.pending.done({ prefixes: [prefix] });
    }
    for (const tag of tags) {
      const members = await this.keyspace.members([tag], true);
      if (members === FAILED || !(await this.keyspace.unlinkAll(members))) return;
      if ((await this.keyspace.dropTagSets([tag])) === FAILED) return;
      this.pending.done({ tags: [tag] });
    }
  }
}
