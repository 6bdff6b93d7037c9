import type { Server } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type INestApplicationContext,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, MetadataScanner, ModuleRef } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { ShutdownHooks } from './hooks/shutdown-hooks.js';
import { HttpDrain } from './http-drain.js';
import { flushLogger } from './logger-flush.js';
import { nestHandlesSignals, SignalHandlers } from './signal-handlers.js';
import { runShutdownPhases, shutdownResult, type ShutdownPhase } from './shutdown.sequence.js';
import { LOG_CONTEXT, RESOLVED_SHUTDOWN_OPTIONS } from './shutdown.constants.js';
import { type ShutdownStartedEvent, ShutdownStateKeeper } from './shutdown.state.js';
import type { ResolvedShutdownOptions } from './shutdown.options.js';
import { PhaseClock, recordExitCode, recordInflightAtSignal } from './shutdown.telemetry.js';
import type { ShutdownHook, ShutdownHookOptions, ShutdownResult, ShutdownState } from './shutdown.types.js';

/**
 * The one owner of termination signals and of the process exit.
 *
 * On the first signal: marks the app as shutting down (readiness fails), keeps serving for `readinessDelayMs` with
 * `Connection: close`, drains the HTTP server (bounded by `drainTimeoutMs`), runs the shutdown hooks in order, runs
 * Nest's `app.close()` (so `onApplicationShutdown` closes resources after the server), flushes the logger and exits.
 * `timeoutMs` bounds it all. Signals are handled once `enableBallastShutdown(app)` has been called.
 */
@Injectable()
export class ShutdownService implements ShutdownState, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LOG_CONTEXT);
  private readonly hooks: ShutdownHooks;
  private readonly state = new ShutdownStateKeeper(this.logger);
  private readonly signals = new SignalHandlers();
  private phase: ShutdownPhase = 'idle';
  /** Times the phases on `ballast.shutdown.phase.duration`. */
  private readonly phases = new PhaseClock();
  private app: INestApplicationContext | undefined;
  private drain: HttpDrain | undefined;
  private running: Promise<ShutdownResult> | undefined;
  private warnedNestHooks = false;

  /** Emits once, when the shutdown begins (replayed to late subscribers), then completes. */
  readonly shutdown$: Observable<ShutdownStartedEvent> = this.state.shutdown$;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_SHUTDOWN_OPTIONS) readonly options: ResolvedShutdownOptions,
  ) {
    this.hooks = new ShutdownHooks(options.hookTimeoutMs, this.logger);
  }

  /** True from the first instant of the shutdown (signal received), never false again. */
  get isShuttingDown(): boolean {
    return this.state.isShuttingDown;
  }

  /** Calls `listener` once when the shutdown begins (on the next tick if it already has). Returns an unsubscribe. */
  onShutdown(listener: () => void): () => void {
    return this.state.onShutdown(listener);
  }

  /**
   * Registers work to finish after the HTTP server drained and before `app.close()` closes resources.
   * Hooks run one at a time by ascending `order` (then registration order), each bounded by its `timeoutMs`.
   * Returns a function that removes the hook.
   */
  addHook(name: string, fn: ShutdownHook, options: ShutdownHookOptions = {}): () => void {
    return this.hooks.add(name, fn, options);
  }

  /**
   * @internal Logs the defaults derived from the runtime mode, finds `@BeforeShutdown()` methods and starts tracking
   * the HTTP server's connections.
   */
  onApplicationBootstrap(): void {
    // Which defaults the runtime mode chose, and why (nothing when the app set them).
    for (const line of this.options.derivedDefaults) this.logger.log(line);
    this.hooks.discover(this.discovery, this.scanner);
    this.trackHttpServer();
    this.warnIfNestHandlesSignals();
    if (!this.app && this.options.signals.length > 0) {
      this.logger.warn(
        `enableBallastShutdown(app) has not been called: ${this.options.signals.join('/')} will not start the ` +
          'graceful shutdown until it is. Call it in main.ts right after NestFactory.create().',
      );
    }
  }

  /** @internal When the app is closed by someone else (tests, scripts), stop listening for signals. */
  onApplicationShutdown(): void {
    if (this.running) return; // Our own sequence called app.close(): keep catching signals until the exit.
    this.signals.remove();
    this.drain?.detach();
  }

  /**
   * @internal Called by `enableBallastShutdown(app)`: remembers the app (for `app.close()`) and starts listening for
   * the configured signals.
   */
  enable(app: INestApplicationContext): void {
    this.app = app;
    this.signals.install(this.options.signals, (signal) => this.onSignal(signal));
    this.trackHttpServer();
    this.warnIfNestHandlesSignals();
  }

  /** Nest's own signal handling would close the app before the drain and re-raise the signal. */
  private warnIfNestHandlesSignals(): void {
    if (this.warnedNestHooks || !this.app || !nestHandlesSignals(this.app)) return;
    this.warnedNestHooks = true;
    this.logger.warn(
      'app.enableShutdownHooks() was called: Nest will also handle the signal, close the app before the HTTP drain ' +
        'and re-raise the signal. Remove it: enableBallastShutdown(app) runs app.close() at the right time.',
    );
  }

  /**
   * Runs the shutdown sequence once (a second call returns the same promise) and, unless `exit: false`, ends the
   * process with the resulting exit code. Signals call it; call it yourself to shut down for another reason.
   */
  shutdown(reason = 'shutdown()'): Promise<ShutdownResult> {
    this.running ??= this.run(reason);
    return this.running;
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (!this.running) {
      void this.shutdown(signal);
      return;
    }
    if (this.options.forceExitOnSecondSignal) {
      this.logger.warn(
        `Received ${signal} again during shutdown (${this.phase}): forceExitOnSecondSignal is on, exiting now ` +
          `with code ${this.options.timeoutExitCode}`,
      );
      this.exitNow(this.options.timeoutExitCode);
      return;
    }
    this.logger.warn(`Received ${signal} again during shutdown (${this.phase}): already shutting down, ignored`);
  }

  private async run(reason: string): Promise<ShutdownResult> {
    const startedAt = Date.now();
    recordInflightAtSignal(this.drain?.inFlight);
    this.state.begin(reason, startedAt);
    const { readinessDelayMs, drainTimeoutMs, timeoutMs } = this.options;
    this.logger.log(
      `Shutdown started (${reason}): readiness now fails; serving ${readinessDelayMs} ms more, then draining ` +
        `(drain ${drainTimeoutMs} ms, deadline ${timeoutMs} ms)`,
    );

    let deadlineTimer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ShutdownResult>((resolve) => {
      deadlineTimer = setTimeout(() => {
        this.logger.error(
          `Shutdown deadline of ${timeoutMs} ms reached during ${this.phase}; giving up on what is left`,
        );
        resolve(shutdownResult(reason, startedAt, this.options.timeoutExitCode, { timedOut: true }));
      }, timeoutMs);
      // With `exit: true` the timer stays referenced on purpose: a hook or close that hangs on a promise holding no
      // handle would otherwise let the event loop empty and Node exit with code 0, silently, before the final log
      // line. It never delays the exit: the sequence ends with process.exit(). With `exit: false` it must not keep
      // the process alive.
      if (!this.options.exit) deadlineTimer.unref();
    });

    const sequence = runShutdownPhases(
      {
        options: this.options,
        logger: this.logger,
        hooks: this.hooks,
        drain: () => this.drain,
        app: () => this.app,
        enter: (phase) => {
          this.phases.enter(phase);
          this.phase = phase;
        },
      },
      reason,
      startedAt,
    );
    const result = await Promise.race([sequence, deadline]);
    clearTimeout(deadlineTimer);
    await this.finish(result);
    return result;
  }

  /** Exit: the final log line, the logger flush, the exit. */
  private async finish(result: ShutdownResult): Promise<void> {
    this.phases.enter('exit');
    this.phase = 'exit';
    recordExitCode(result.exitCode);
    const line = `Shutdown complete in ${result.durationMs} ms; exiting with code ${result.exitCode}`;
    if (result.exitCode === this.options.exitCode) this.logger.log(line);
    else this.logger.warn(line);
    await flushLogger(this.moduleRef);
    if (this.options.exit) this.exitNow(result.exitCode);
  }

  private exitNow(code: number): void {
    if (!this.options.exit) return;
    process.exitCode = code;
    process.exit(code);
  }

  private trackHttpServer(): void {
    if (this.drain) return;
    const server = this.adapterHost?.httpAdapter?.getHttpServer?.() as Server | undefined;
    if (server && typeof server.on === 'function' && typeof server.close === 'function') {
      this.drain = new HttpDrain(server);
    }
  }
}
