import type { Logger } from '@nestjs/common';
import { type Observable, ReplaySubject } from 'rxjs';
import type { ShutdownState } from './shutdown.types.js';

/** Emitted once by `ShutdownService.shutdown$` when the shutdown begins. */
export interface ShutdownStartedEvent {
  /** The signal name, or the reason given to `shutdown()`. */
  reason: string;
  /** `Date.now()` at the signal. */
  at: number;
}

/**
 * The shutdown state behind the `SHUTDOWN_STATE` token: false until the shutdown begins, true ever after, with
 * listeners and an observable told once. @internal
 */
export class ShutdownStateKeeper implements ShutdownState {
  private shuttingDown = false;
  private readonly listeners = new Set<() => void>();
  private readonly started$ = new ReplaySubject<ShutdownStartedEvent>(1);
  /** Emits once, when the shutdown begins (replayed to late subscribers), then completes. */
  readonly shutdown$: Observable<ShutdownStartedEvent> = this.started$.asObservable();

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  onShutdown(listener: () => void): () => void {
    if (this.shuttingDown) {
      queueMicrotask(() => this.call(listener));
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The first instant of the shutdown: readiness fails from here on. */
  begin(reason: string, at: number): void {
    this.shuttingDown = true;
    this.started$.next({ reason, at });
    this.started$.complete();
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) this.call(listener);
  }

  private call(listener: () => void): void {
    try {
      listener();
    } catch (error) {
      this.logger.error(`A shutdown listener threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
