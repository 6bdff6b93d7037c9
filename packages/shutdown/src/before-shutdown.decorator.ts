import { SetMetadata } from '@nestjs/common';
import { BEFORE_SHUTDOWN_METADATA } from './shutdown.constants.js';
import type { ShutdownHookOptions } from './shutdown.types.js';

/** Options of `@BeforeShutdown()`. */
export interface BeforeShutdownOptions extends ShutdownHookOptions {
  /**
   * Name of the hook in logs.
   * @default '<ClassName>.<methodName>'
   */
  name?: string;
}

/**
 * Marks a method of a provider or controller as a shutdown hook: it runs after the HTTP server has drained and
 * before `app.close()` runs the lifecycle hooks that close resources. Use it for work that must finish while
 * connections and pools are still open, e.g. stopping a queue consumer and waiting for its current job.
 * Singleton providers only (request-scoped instances do not exist at shutdown).
 *
 * @example
 * ```ts
 * @Injectable()
 * export class OrdersConsumer {
 *   @BeforeShutdown({ order: 10, timeoutMs: 8_000 })
 *   async stop(): Promise<void> { await this.consumer.close(); }
 * }
 * ```
 */
export function BeforeShutdown(options: BeforeShutdownOptions = {}): MethodDecorator {
  return SetMetadata(BEFORE_SHUTDOWN_METADATA, options);
}
