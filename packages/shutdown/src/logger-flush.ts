import type { ModuleRef } from '@nestjs/core';
import type { LoggerFlush } from '@ballast/kernel';
import { LOGGER_FLUSH, LOGGER_FLUSH_TIMEOUT_MS } from './shutdown.constants.js';

/**
 * Flushes @ballast/logger (found by its `LOGGER_FLUSH` token, docs/contracts.md) before the exit, waiting
 * `LOGGER_FLUSH_TIMEOUT_MS` at most. Does nothing without the logger; never throws (nothing is left to report to).
 * @internal
 */
export async function flushLogger(moduleRef: ModuleRef): Promise<void> {
  const flusher = resolveLoggerFlush(moduleRef);
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

function resolveLoggerFlush(moduleRef: ModuleRef): LoggerFlush | undefined {
  try {
    const flusher = moduleRef.get<LoggerFlush>(LOGGER_FLUSH, { strict: false });
    return typeof flusher?.flush === 'function' ? flusher : undefined;
  } catch {
    return undefined; // @ballast/logger is optional.
  }
}
