import type { INestApplicationContext } from '@nestjs/common';

/** The process signal listeners of the shutdown: installed by `enableBallastShutdown(app)`, removed on close. @internal */
export class SignalHandlers {
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  /** Listens for each signal (once per signal, however often it is called). */
  install(signals: readonly NodeJS.Signals[], onSignal: (signal: NodeJS.Signals) => void): void {
    for (const signal of signals) {
      if (this.handlers.has(signal)) continue;
      const handler = (): void => onSignal(signal);
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  remove(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.clear();
  }
}

/**
 * True when `app.enableShutdownHooks()` was called: Nest would then also handle the signal, close the app before the
 * drain and re-raise the signal. Best effort, private fields: `shutdownCleanupRefs` (NestJS 12),
 * `activeShutdownSignals` (NestJS 11). @internal
 */
export function nestHandlesSignals(app: INestApplicationContext): boolean {
  const internals = app as unknown as {
    shutdownCleanupRefs?: Map<unknown, unknown>;
    activeShutdownSignals?: unknown[];
  };
  return (internals.shutdownCleanupRefs?.size ?? 0) > 0 || (internals.activeShutdownSignals?.length ?? 0) > 0;
}
