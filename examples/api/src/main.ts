import { bootstrapWithConfig } from '@ballast/config/env';
import { envSchema } from './config/env.schema.js';

// The one start-up path: the environment is checked first, before Nest is even loaded, so a bad one prints one short
// report (every problem, no secret value) and exits with code 1 in a fraction of a second. Inside the app,
// BallastConfigModule validates again, and an error it finds gets the same report, not a stack trace.
await bootstrapWithConfig(
  async () => {
    const { bootstrap } = await import('./bootstrap.js');
    await bootstrap();
  },
  { config: { schema: envSchema } },
);
