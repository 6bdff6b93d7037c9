import { register } from 'on-exit-leak-free';
import { countDropped } from './logger.telemetry.js';
import { flushOnSignals } from './signal-flush.js';

/** What the batches are written to: a synchronous pino destination (sonic-boom with `sync: true`). @internal */
export interface SyncSink {
  write(chunk: string): boolean;
}

/**
 * The buffered destination of `sync: false`: lines are kept in memory and written to a synchronous sink in one
 * system call per batch, once `batchChars` have accumulated or `maxDelayMs` after the first line of a batch, at
 * process exit (an uncaught exception included), and on SIGTERM, SIGINT and SIGHUP.
 *
 * Why not sonic-boom's own buffering (`minLength`): its `write()` measures the byte length of the whole pending
 * buffer on every line, which flattens and scans it: with 32 KiB batches that cost more per request line than the
 * line itself. Here a line costs one array push; the join and the byte count happen once per batch. @internal
 */
export class BatchedDestination {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: SyncSink,
    private readonly batchChars: number,
    private readonly maxDelayMs: number,
  ) {
    // Held weakly: an app that is garbage collected takes its destination with it (no listener per instance).
    register(this, writeBatchAtExit);
    // Death by SIGTERM/SIGINT/SIGHUP emits no 'exit': those are flushed on the signal (see signal-flush.ts).
    flushOnSignals(this);
  }

  write(line: string): boolean {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.batchChars) {
      this.flushSync();
    } else if (this.timer === undefined) {
      // One timer per batch, none while idle: a quiet app's line still goes out within maxDelayMs.
      this.timer = setTimeout(writeBatch, this.maxDelayMs, this);
      this.timer.unref();
    }
    return true;
  }

  /** Writes every pending line before it returns. */
  flushSync(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.lines.length === 0) return;
    const count = this.lines.length;
    const chunk = count === 1 ? this.lines[0]! : this.lines.join('');
    this.lines = [];
    this.chars = 0;
    try {
      this.sink.write(chunk);
    } catch (error) {
      // The batch is gone (closed pipe, full disk): counted on `ballast.logger.lines.dropped`.
      countDropped(count, 'write_error');
      throw error;
    }
  }

  /** pino's `logger.flush(cb)` calls this. */
  flush(callback?: (error?: Error) => void): void {
    try {
      this.flushSync();
    } catch (error) {
      callback?.(error as Error);
      return;
    }
    callback?.();
  }
}

function writeBatch(destination: BatchedDestination): void {
  destination.flushSync();
}

function writeBatchAtExit(destination: BatchedDestination): void {
  try {
    destination.flushSync();
  } catch {
    // The process is leaving and its output is gone (closed pipe): nothing left to write to.
  }
}
