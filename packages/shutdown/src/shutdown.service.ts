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
import { Observable, ReplaySubject } from 'rxjs';
import type { BeforeShutdownOptions } from './before-shutdown.decorator.js';
import { HttpDrain } from './http-drain.js';
import {
  BEFORE_SHUTDOWN_METADATA,
  LOG_CONTEXT,
  LOGGER_FLUSH,
  LOGGER_FLUSH_TIMEOUT_MS,
  RESOLVED_SHUTDOWN_OPTIONS,
} from './shutdown.constants.js';
import { hookTimeout, invalidHook } from './shutdown.errors.js';
import type { ResolvedShutdownOptions } from './shutdown.options.js';
import type { ShutdownHook, ShutdownHookOptions, ShutdownResult, ShutdownState } from './shutdown.state.js';

interface RegisteredHook {
  name: string;
  fn: ShutdownHook;
  order: number;
  timeoutMs: number | undefined;
  seq: number;
}

/** Emitted once by `ShutdownService.shutdown$` when the shutdown begins. */
export interface ShutdownStartedEvent {
  /** The signal name, or the reason given to `shutdown()`. */
  reason: string;
  /** `Date.now()` at the signal. */
  at: number;
}

/** Phases of the sequence, in order; named in the logs. */
type Phase = 'idle' | 'readiness-delay' | 'drain' | 'hooks' | 'close' | 'exit';

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
  private readonly hooks: RegisteredHook[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly started$ = new ReplaySubject<ShutdownStartedEvent>(1);
  private readonly signalHandlers = new Map<NodeJS.Signals, () => void>();
  private hookSeq = 0;
  private shuttingDown = false;
  private phase: Phase = 'idle';
  private app: INestApplicationContext | undefined;
  private drain: HttpDrain | undefined;
  private running: Promise<ShutdownResult> | undefined;
  private discovered = false;
  private warnedNestHooks = false;

  /** Emits once, when the shutdown begins (replayed to late subscribers), then completes. */
  readonly shutdown$: Observable<ShutdownStartedEvent> = this.started$.asObservable();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_SHUTDOWN_OPTIONS) readonly options: ResolvedShutdownOptions,
  ) {}

  /** True from the first instant of the shutdown (signal received), never false again. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Calls `listener` once when the shutdown begins (on the next tick if it already has). Returns an unsubscribe. */
  onShutdown(listener: () => void): () => void {
    if (this.shuttingDown) {
      queueMicrotask(() => this.callListener(listener));
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Registers work to finish after the HTTP server drained and before `app.close()` closes resources.
   * Hooks run one at a time by ascending `order` (then registration order), each bounded by its `timeoutMs`.
   * Returns a function that removes the hook.
   */
  addHook(name: string, fn: ShutdownHook, options: ShutdownHookOptions = {}): () => void {
    if (typeof name !== 'string' || name.length === 0) throw invalidHook('the name must be a non-empty string.');
    if (typeof fn !== 'function') throw invalidHook(`"${name}": the hook must be a function.`);
    if (options.order !== undefined && !Number.isFinite(options.order)) {
      throw invalidHook(`"${name}": order must be a finite number.`);
    }
    if (options.timeoutMs !== undefined && (!Number.isInteger(options.timeoutMs) || options.timeoutMs < 1)) {
      throw invalidHook(`"${name}": timeoutMs must be an integer number of milliseconds >= 1.`);
    }
    const hook: RegisteredHook = {
      name,
      fn,
      order: options.order ?? 0,
      timeoutMs: options.timeoutMs,
      seq: this.hookSeq++,
    };
    this.hooks.push(hook);
    return () => {
      const index = this.hooks.indexOf(hook);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /**
   * @internal Logs the defaults derived from the runtime mode, finds `@BeforeShutdown()` methods and starts tracking
   * the HTTP server's connections.
   */
  onApplicationBootstrap(): void {
    // Which defaults the runtime mode chose, and why (nothing when the app set them).
    for (const line of this.options.derivedDefaults) this.logger.log(line);
    this.discoverHooks();
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
    this.removeSignalHandlers();
    this.drain?.detach();
  }

  /**
   * @internal Called by `enableBallastShutdown(app)`: remembers the app (for `app.close()`) and starts listening for
   * the configured signals.
   */
  enable(app: INestApplicationContext): void {
    this.app = app;
    for (const signal of this.options.signals) {
      if (this.signalHandlers.has(signal)) continue;
      const handler = (): void => this.onSignal(signal);
      this.signalHandlers.set(signal, handler);
      process.on(signal, handler);
    }
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
    this.markShuttingDown(reason, startedAt);
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
        resolve(this.result(reason, startedAt, this.options.timeoutExitCode, { timedOut: true }));
      }, timeoutMs);
      // With `exit: true` the timer stays referenced on purpose: a hook or close that hangs on a promise holding no
      // handle would otherwise let the event loop empty and Node exit with code 0, silently, before the final log
      // line. It never delays the exit: the sequence ends with process.exit(). With `exit: false` it must not keep
      // the process alive.
      if (!this.options.exit) deadlineTimer.unref();
    });

    const sequence = this.sequence(reason, startedAt);
    const result = await Promise.race([sequence, deadline]);
    clearTimeout(deadlineTimer);
    await this.finish(result);
    return result;
  }

  private async sequence(reason: string, startedAt: number): Promise<ShutdownResult> {
    const failedHooks: string[] = [];
    let exitCode = this.options.exitCode;

    // 2. Keep serving while endpoints are removed; pooled clients move away thanks to `Connection: close`.
    this.phase = 'readiness-delay';
    this.drain?.closeConnectionsAfterResponse();
    if (this.options.readinessDelayMs > 0) await sleep(this.options.readinessDelayMs);

    // 3-4. Stop accepting, let in-flight requests finish, cut what is left at the drain timeout.
    this.phase = 'drain';
    let cutConnections = 0;
    if (this.drain) {
      const open = this.drain.size;
      const drained = await this.drain.drain(this.options.drainTimeoutMs);
      cutConnections = drained.cut;
      if (drained.cut > 0) {
        this.logger.warn(
          `Drain timeout of ${this.options.drainTimeoutMs} ms reached: cut ${drained.cut} open connection(s) ` +
            `(of ${open} open when draining started)`,
        );
        exitCode = this.options.timeoutExitCode;
      } else {
        this.logger.log(`HTTP server drained in ${drained.durationMs} ms (${open} connection(s) were open)`);
      }
    }

    // Work that needs open resources (queue consumers, schedulers) finishes before resources close.
    this.phase = 'hooks';
    for (const hook of this.sortedHooks()) {
      const error = await this.runHook(hook, reason);
      if (error) {
        failedHooks.push(hook.name);
        this.logger.error(`Shutdown hook "${hook.name}" failed: ${describeError(error)}`);
        if (exitCode === this.options.exitCode) exitCode = this.options.errorExitCode;
      }
    }

    // 5. Nest's own close: onModuleDestroy, beforeApplicationShutdown, adapter close, onApplicationShutdown.
    this.phase = 'close';
    if (this.app) {
      try {
        await this.app.close();
      } catch (error) {
        this.logger.error(`app.close() failed: ${describeError(error)}`);
        if (exitCode === this.options.exitCode) exitCode = this.options.errorExitCode;
      }
    } else {
      this.logger.warn(
        'enableBallastShutdown(app) was not called: Nest lifecycle hooks (onApplicationShutdown) did not run',
      );
    }
    return this.result(reason, startedAt, exitCode, { cutConnections, failedHooks });
  }

  private markShuttingDown(reason: string, at: number): void {
    this.shuttingDown = true;
    this.started$.next({ reason, at });
    this.started$.complete();
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) this.callListener(listener);
  }

  private callListener(listener: () => void): void {
    try {
      listener();
    } catch (error) {
      this.logger.error(`A shutdown listener threw: ${describeError(error)}`);
    }
  }

  private async runHook(hook: RegisteredHook, reason: string): Promise<unknown> {
    const timeoutMs = hook.timeoutMs ?? this.options.hookTimeoutMs;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => hook.fn({ reason, signal: controller.signal })),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(hookTimeout(hook.name, timeoutMs)), timeoutMs);
        }),
      ]);
      return undefined;
    } catch (error) {
      controller.abort(error);
      return error ?? new Error('rejected without a reason');
    } finally {
      clearTimeout(timer);
    }
  }

  private sortedHooks(): RegisteredHook[] {
    return [...this.hooks].sort((a, b) => a.order - b.order || a.seq - b.seq);
  }

  private result(
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

  /** 6. Final log line, logger flush, exit. */
  private async finish(result: ShutdownResult): Promise<void> {
    this.phase = 'exit';
    const line = `Shutdown complete in ${result.durationMs} ms; exiting with code ${result.exitCode}`;
    if (result.exitCode === this.options.exitCode) this.logger.log(line);
    else this.logger.warn(line);
    await this.flushLogger();
    if (this.options.exit) this.exitNow(result.exitCode);
  }

  private exitNow(code: number): void {
    if (!this.options.exit) return;
    process.exitCode = code;
    process.exit(code);
  }

  private async flushLogger(): Promise<void> {
    const flusher = this.resolveLoggerFlush();
    if (!flusher) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => flusher.flush()),
        new Promise((resolve) => {
          timer = setTimeout(resolve, LOGGER_FLUSH_TIMEOUT_MS);
          timer.unref();
        }),
      ]);
    } catch {
      // Nothing left to report it to.
    } finally {
      clearTimeout(timer);
    }
  }

  private resolveLoggerFlush(): { flush(): unknown } | undefined {
    try {
      const flusher = this.moduleRef.get<{ flush(): unknown }>(LOGGER_FLUSH, { strict: false });
      return typeof flusher?.flush === 'function' ? flusher : undefined;
    } catch {
      return undefined; // @ballast/logger is optional.
    }
  }

  private trackHttpServer(): void {
    if (this.drain) return;
    const server = this.adapterHost?.httpAdapter?.getHttpServer?.() as Server | undefined;
    if (server && typeof server.on === 'function' && typeof server.close === 'function') {
      this.drain = new HttpDrain(server);
    }
  }

  private removeSignalHandlers(): void {
    for (const [signal, handler] of this.signalHandlers) process.off(signal, handler);
    this.signalHandlers.clear();
  }

  private discoverHooks(): void {
    if (this.discovered) return;
    this.discovered = true;
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const meta = Reflect.getMetadata(BEFORE_SHUTDOWN_METADATA, fn) as BeforeShutdownOptions | undefined;
        if (!meta) continue;
        const name = meta.name ?? `${instance.constructor.name}.${method}`;
        this.addHook(name, (context) => (fn as ShutdownHook).call(instance, context), meta);
      }
    }
  }
}

/** Best effort, private fields: `shutdownCleanupRefs` (NestJS 12), `activeShutdownSignals` (NestJS 11). */
function nestHandlesSignals(app: INestApplicationContext): boolean {
  const internals = app as unknown as {
    shutdownCleanupRefs?: Map<unknown, unknown>;
    activeShutdownSignals?: unknown[];
  };
  return (internals.shutdownCleanupRefs?.size ?? 0) > 0 || (internals.activeShutdownSignals?.length ?? 0) > 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
