import type { Logger } from '@nestjs/common';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { discoverMethods } from '@ballast/kernel';
import type { BeforeShutdownOptions } from '../before-shutdown.decorator.js';
import { BEFORE_SHUTDOWN_METADATA } from '../shutdown.constants.js';
import { hookTimeout, invalidHook } from '../shutdown.errors.js';
import type { ShutdownHook, ShutdownHookOptions } from '../shutdown.types.js';

interface RegisteredHook {
  name: string;
  fn: ShutdownHook;
  order: number;
  timeoutMs: number | undefined;
  seq: number;
}

/** The shutdown hooks: registered by `addHook()` or found on `@BeforeShutdown()` methods, run one at a time. @internal */
export class ShutdownHooks {
  private readonly hooks: RegisteredHook[] = [];
  private seq = 0;
  private discovered = false;

  constructor(
    private readonly hookTimeoutMs: number,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** Registers a hook; returns the function that removes it. Throws BALLAST_SHUTDOWN_INVALID_HOOK on bad input. */
  add(name: string, fn: ShutdownHook, options: ShutdownHookOptions = {}): () => void {
    if (typeof name !== 'string' || name.length === 0) throw invalidHook('the name must be a non-empty string.');
    if (typeof fn !== 'function') throw invalidHook(`"${name}": the hook must be a function.`);
    if (options.order !== undefined && !Number.isFinite(options.order)) {
      throw invalidHook(`"${name}": order must be a finite number.`);
    }
    if (options.timeoutMs !== undefined && (!Number.isInteger(options.timeoutMs) || options.timeoutMs < 1)) {
      throw invalidHook(`"${name}": timeoutMs must be an integer number of milliseconds >= 1.`);
    }
    const hook: RegisteredHook = { name, fn, order: options.order ?? 0, timeoutMs: options.timeoutMs, seq: this.seq++ };
    this.hooks.push(hook);
    return () => {
      const index = this.hooks.indexOf(hook);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /**
   * Registers every `@BeforeShutdown()` method of a singleton provider or controller (once). A request-scoped or
   * transient class has no instance at shutdown: its hook could never run, which is said in a warning.
   */
  discover(discovery: DiscoveryService, scanner: MetadataScanner): void {
    if (this.discovered) return;
    this.discovered = true;
    for (const found of discoverMethods(discovery, scanner, [BEFORE_SHUTDOWN_METADATA])) {
      const where = `${found.className}.${found.methodName}`;
      if (!found.isStatic || found.instance === undefined) {
        this.logger.warn(
          `@BeforeShutdown() on ${where} never runs: the class is not a singleton (request-scoped or transient). ` +
            'Move the method to a singleton provider.',
        );
        continue;
      }
      const { instance } = found;
      const fn = instance[found.methodName] as ShutdownHook;
      const meta = found.metadata[BEFORE_SHUTDOWN_METADATA] as BeforeShutdownOptions;
      this.add(meta.name ?? where, (context) => fn.call(instance, context), meta);
    }
  }

  /** Runs every hook by ascending `order`, then registration order; returns the names of those that failed. */
  async runAll(reason: string, onFailure: (name: string, error: unknown) => void): Promise<string[]> {
    const failed: string[] = [];
    const sorted = [...this.hooks].sort((a, b) => a.order - b.order || a.seq - b.seq);
    for (const hook of sorted) {
      const error = await this.run(hook, reason);
      if (error === undefined) continue;
      failed.push(hook.name);
      onFailure(hook.name, error);
    }
    return failed;
  }

  /** One hook, bounded by its timeout (its signal aborts then); the error, or undefined when it finished. */
  private async run(hook: RegisteredHook, reason: string): Promise<unknown> {
    const timeoutMs = hook.timeoutMs ?? this.hookTimeoutMs;
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
      return error ?? 'rejected without a reason';
    } finally {
      clearTimeout(timer);
    }
  }
}
