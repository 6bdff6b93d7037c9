import type { INestApplicationContext } from '@nestjs/common';
import { moduleMissing } from './shutdown.errors.js';
import { ShutdownService } from './shutdown.service.js';

/**
 * Hands the app to `@ballast/shutdown` and starts handling the configured signals (SIGTERM and SIGINT by default).
 * Call it once in `main.ts`, right after `NestFactory.create()` and before `listen()`.
 *
 * The app is needed to run Nest's `app.close()` at the right moment (after the HTTP server has drained), which no
 * provider can reach by injection. Do NOT also call `app.enableShutdownHooks()`: Nest would handle the same signal,
 * close the app before the drain, and re-raise the signal (exit code 143, user signal handlers run twice).
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule);
 * enableBallastShutdown(app);
 * await app.listen(3000);
 * ```
 * @throws BallastShutdownError `BALLAST_SHUTDOWN_MODULE_MISSING` when the app does not import `BallastShutdownModule`.
 */
export function enableBallastShutdown(app: INestApplicationContext): ShutdownService {
  let service: ShutdownService;
  try {
    service = app.get(ShutdownService, { strict: false });
  } catch {
    throw moduleMissing();
  }
  if (!service) throw moduleMissing();
  service.enable(app);
  return service;
}
