import { checkEnv } from '@ballast/config/env';
import { envSchema } from './config/env.schema.js';

// First the environment, before Nest is even loaded: a bad one prints one short report (every problem, no secret
// value) and exits with code 1 in a fraction of a second.
checkEnv({ schema: envSchema });

const { bootstrap } = await import('./bootstrap.js');
await bootstrap();
