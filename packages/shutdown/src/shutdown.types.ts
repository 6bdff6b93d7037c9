/**
 * The shutdown state other packages read through the {@link SHUTDOWN_STATE} token,
 * without importing this package: `@ballast/health` answers readiness 503 while `isShuttingDown` is true.
 */
export type { ShutdownState } from '@ballast/kernel';

/** Passed to each shutdown hook. */
export interface ShutdownHookContext {
  /** What started the shutdown: the signal name (`'SIGTERM'`) or the reason given to `shutdown()`. */
  reason: string;
  /** Aborted when the hook's own timeout is reached: stop waiting on whatever it was doing. */
  signal: AbortSignal;
}

/** A function run during shutdown, after the HTTP server drained and before `app.close()` closes resources. */
export type ShutdownHook = (context: ShutdownHookContext) => unknown;

/** Options of one shutdown hook. */
export interface ShutdownHookOptions {
  /**
   * Hooks run one after the other by ascending `order`; equal orders run in registration order.
   * @default 0
   */
  order?: number;
  /**
   * How long this hook may take; after that it is abandoned, logged, and the exit code becomes `errorExitCode`.
   * @default the module's hookTimeoutMs (5000)
   */
  timeoutMs?: number;
}

/** What one run of the shutdown sequence did. */
export interface ShutdownResult {
  /** The exit code the process exits (or would exit, with `exit: false`) with. */
  exitCode: number;
  /** What started the shutdown. */
  reason: string;
  /** Connections destroyed at `drainTimeoutMs`. */
  cutConnections: number;
  /** Hooks that failed or timed out, by name. */
  failedHooks: string[];
  /** True when the hard deadline `timeoutMs` ended the sequence. */
  timedOut: boolean;
  /** From the signal to the end of the sequence, in milliseconds. */
  durationMs: number;
}
