import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { enableBallastShutdown } from '@ballast/shutdown';
import type { Env } from './config/env.schema.js';
import { createApp, type HttpAdapterName } from './create-app.js';
import { startMetrics } from './observability/metrics.js';

/**
 * Starts the metrics SDK, creates the app, hands signals to @ballast/shutdown, and listens (run by main.ts inside
 * bootstrapWithConfig).
 */
export async function bootstrap(): Promise<void> {
  // Metrics first: the OpenTelemetry SDK is registered before Nest creates anything. Served at /metrics on
  // MANAGEMENT_PORT (app.module.ts), with the probes.
  const metrics = startMetrics();
  // The adapter is chosen before the app exists; the schema has already validated HTTP_ADAPTER.
  const app = await createApp(process.env.HTTP_ADAPTER as HttpAdapterName | undefined, { metrics });
  // From here on @ballast/shutdown owns SIGTERM/SIGINT: readiness off, delay, drain, close, flush logs, exit.
  // (So no app.enableShutdownHooks().)
  enableBallastShutdown(app);

  const config = app.get<ConfigService<Env, true>>(ConfigService);
  const port = config.get('PORT', { infer: true });
  await app.listen(port, '0.0.0.0');
  new Logger('Bootstrap').log(`listening on http://localhost:${port} (${config.get('HTTP_ADAPTER', { infer: true })})`);
}
