// Cold start of an app's configuration step, two builds of @ballast/config side by side: each run is a fresh Node
// process that imports the package's dist, validates an environment and exits; runs alternate A, B, A, B so both
// live through the same machine load. Prints the median wall time of each and B − A.
//   node bench/tools/config-cold-start.mjs <distA> <distB> [runs] [schema]
//   e.g. node bench/tools/config-cold-start.mjs /tmp/baseline/packages/config/dist packages/config/dist 21 joi
// `schema`: joi (a Joi schema with ballast's helpers, the app every release so far supported) or zod.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { positionalArgs } from '../lib/args.mjs';
import { median } from '../lib/stats.mjs';

const { distA, distB, runs, schema } = positionalArgs({ distA: '', distB: '', runs: 21, schema: 'joi' });
if (!distA || !distB) {
  console.error('usage: node bench/tools/config-cold-start.mjs <distA> <distB> [runs] [joi|zod]');
  process.exit(2);
}

// The app's configuration step: import the package, build the schema, validate, read one value.
const program = (dist) => `
const started = performance.now();
const config = await import(${JSON.stringify(pathToFileURL(resolve(dist, 'index.js')).href)});
const schema = ${
  schema === 'zod'
    ? `(await import('zod')).z.object({ PORT: (await import('zod')).z.coerce.number().default(3000), JWT_SECRET: config.secret((await import('zod')).z.string().min(8)) })`
    : `(await import('joi')).default.object({ PORT: config.port().default(3000), TIMEOUT: config.duration().default('10s'), JWT_SECRET: config.secret().required() })`
};
const env = config.validateEnv({ schema, env: { JWT_SECRET: 'x'.repeat(32) }, ignoreEnvFile: true });
if (env.values.PORT !== 3000) throw new Error('unexpected value');
process.stdout.write(String(performance.now() - started));
`;

const times = { A: [], B: [] };
for (let i = 0; i < runs; i++) {
  for (const [name, dist] of [
    ['A', distA],
    ['B', distB],
  ]) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', program(dist)], {
      cwd: resolve('packages/config'),
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const a = median(times.A);
const b = median(times.B);
console.log(`| build | median spawn → exit ms (${runs} runs, ${schema} schema) |\n| --- | ---: |`);
console.log(`| A: ${distA} | ${a.toFixed(1)} |\n| B: ${distB} | ${b.toFixed(1)} |`);
console.log(`B − A: ${(b - a).toFixed(1)} ms`);
