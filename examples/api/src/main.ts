import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { enableBallastShutdown } from '@ballast/shutdown';
import { createApp, type HttpAdapterName } from './create-app.js';
import type { Env } from './config/env.schema.js';

async function bootstrap(): Promise<void> {
  // The adapter is chosen before the app exists; the schema still validates HTTP_ADAPTER at boot.
  const app = await createApp(process.env.HTTP_ADAPTER as HttpAdapterName | undefined);
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  const port = config.get('PORT', { infer: true });
  // @ballast/shutdown owns SIGTERM/SIGINT from here on (no app.enableShutdownHooks()).
  enableBallastShutdown(app);
  await app.listen(port, '0.0.0.0');
  new Logger('Bootstrap').log(`listening on http://localhost:${port} (${config.get('HTTP_ADAPTER', { infer: true })})`);
}

void bootstrap();
