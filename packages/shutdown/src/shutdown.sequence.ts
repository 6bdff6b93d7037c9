import type { INestApplicationContext, Logger } from '@nestjs/common';
import type { ShutdownHooks } from './hooks/shutdown-hooks.js';
import type { HttpDrain } from './http-drain.js';
import type { ResolvedShutdownOptions } from './shutdown.options.js';
import type { ShutdownResult } from './shutdown.types.js';

/** Phases of the sequence, in order; named in the logs. */
export type ShutdownPhase = 'idle' | 'readiness-delay' | 'drain' | 'hooks' | 'close' | 'exit';

/** What the phases work on. `drain` and `app` are read when their phase starts: `enable(app)` may come late. */
export interface ShutdownParts {
  options: ResolvedShutdownOptions;
  logger: Logger;
  hooks: ShutdownHooks;
  drain(): HttpDrain | undefined;
  app(): INestApplicationContext | undefined;
  /** Called as each phase starts, so the deadline and a second signal can name it. */
  enter(phase: ShutdownPhase): void;
}

/** The phases in order: readiness delay, drain, hooks, `app.close()`; the service then logs, flushes and exits. */
export async function runShutdownPhases(
  parts: ShutdownParts,
  reason: string,
  startedAt: number,
): Promise<ShutdownResult> {
  const { options, logger, hooks } = parts;
  let exitCode = options.exitCode;

  // Readiness already fails (state.begin). Keep serving while endpoints are removed; pooled clients move away
  // thanks to `Connection: close`.
  parts.enter('readiness-delay');
  parts.drain()?.closeConnectionsAfterResponse();
  if (options.readinessDelayMs > 0) await sleep(options.readinessDelayMs);

  // Drain: stop accepting, let in-flight requests finish, cut what is left at the drain timeout.
  parts.enter('drain');
  let cutConnections = 0;
  const drain = parts.drain();
  if (drain) {
    const open = drain.size;
    const drained = await drain.drain(options.drainTimeoutMs);
    cutConnections = drained.cut;
    if (drained.cut > 0) {
      logger.warn(
        `Drain timeout of ${options.drainTimeoutMs} ms reached: cut ${drained.cut} open connection(s) ` +
          `(of ${open} open when draining started)`,
      );
      exitCode = options.timeoutExitCode;
    } else {
      logger.log(`HTTP server drained in ${drained.durationMs} ms (${open} connection(s) were open)`);
    }
  }

  // Hooks: work that needs open resources (queue consumers, schedulers) finishes before resources close.
  parts.enter('hooks');
  const failedHooks = await hooks.runAll(reason, (name, error) => {
    logger.error(`Shutdown hook "${name}" failed: ${describeError(error)}`);
    if (exitCode === options.exitCode) exitCode = options.errorExitCode;
  });

  // Close: Nest's own, onModuleDestroy, beforeApplicationShutdown, adapter close, onApplicationShutdown.
  parts.enter('close');
  const app = parts.app();
  if (app) {
    try {
      await app.close();
    } catch (error) {
      logger.error(`app.close() failed: ${describeError(error)}`);
      if (exitCode === options.exitCode) exitCode = options.errorExitCode;
    }
  } else {
    logger.warn('enableBallastShutdown(app) was not called: Nest lifecycle hooks (onApplicationShutdown) did not run');
  }
  return shutdownResult(reason, startedAt, exitCode, { cutConnections, failedHooks });
}

/** What one run did, timed from `startedAt`. */
export function shutdownResult(
  reason: string,
  startedAt: number,
  exitCode: number,
  extra: Partial<Pick<ShutdownResult, 'cutConnections' | 'failedHooks' | 'timedOut'>>,
): ShutdownResult {
  return {
    exitCode,
    reason,
    cutConnections: extra.cutConnections ?? 0,
    failedHooks: extra.failedHooks ?? [],
    timedOut: extra.timedOut ?? false,
    durationMs: Date.now() - startedAt,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
