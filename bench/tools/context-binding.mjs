// What the request context costs, and what binding the stream events adds (`bindStreamEvents`):
//   node bench/tools/context-binding.mjs [express|fastify] [rounds=8] [seconds=2]
// Cases: bare NestJS; bare + a raw AsyncLocalStorage.run() per request (the floor of any ALS-based context);
// bare + @ballast/context (defaults); the same with bindStreamEvents: true.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apps, attribute } from './stack-attribution.mjs';
import { positionalArgs } from '../lib/args.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { adapter, rounds, seconds } = positionalArgs({ adapter: 'express', rounds: 8, seconds: 2 });
await attribute({
  adapter,
  rounds,
  seconds,
  cases: [
    { name: 'bare', main: apps.bare, env: {} },
    { name: '+ AsyncLocalStorage.run only', main: join(here, '..', 'apps', 'bare-als.mjs'), env: {} },
    { name: '+ context', main: apps.modules, env: { MODULES: 'context' } },
    { name: '+ context, bindStreamEvents', main: apps.modules, env: { MODULES: 'context', CONTEXT_BIND_STREAMS: '1' } },
  ],
});
