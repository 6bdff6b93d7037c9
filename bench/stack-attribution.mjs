// Which ballast module costs what: bare NestJS, then bare + one module at a time, then all of them
// (bench/apps/ballast-modules.mjs with MODULES=<name>), server CPU µs per request and req/s on `GET /`.
//   node bench/stack-attribution.mjs [express|fastify] [rounds=3] [seconds=2]
import autocannon from 'autocannon';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMicros, median } from './lib/proc.mjs';
import { startServer } from './stack.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const [adapter = 'express', rounds = '3', seconds = '2'] = process.argv.slice(2);
const modules = ['config', 'context', 'logger', 'exceptions', 'health', 'cache', 'shutdown'];
const cases = [
  { name: 'bare', main: join(here, 'apps', 'bare-nest.mjs'), env: {} },
  ...modules.map((m) => ({ name: `+ ${m}`, main: join(here, 'apps', 'ballast-modules.mjs'), env: { MODULES: m } })),
  { name: '+ all', main: join(here, 'apps', 'ballast-modules.mjs'), env: {} },
];
const servers = [];
for (const c of cases) servers.push({ ...c, ...(await startServer(c, adapter)), samples: [] });
const load = (url, duration) =>
  new Promise((resolve, reject) =>
    autocannon({ url, duration, connections: 10 }, (e, r) => (e ? reject(e) : resolve(r))),
  );
try {
  for (const s of servers) await load(s.url, 1);
  for (let round = 0; round < Number(rounds); round += 1) {
    for (const s of servers.map((_, i) => servers[(i + round) % servers.length])) {
      const before = cpuMicros(s.child.pid);
      const r = await load(s.url, Number(seconds));
      s.samples.push({ cpu: (cpuMicros(s.child.pid) - before) / r.requests.total, rps: r.requests.average });
    }
  }
} finally {
  for (const s of servers) s.child.kill('SIGKILL');
}
const bare = median(servers[0].samples.map((x) => x.cpu));
console.log(`| ${adapter} | req/s | CPU µs/req | Δ vs bare |\n| --- | ---: | ---: | ---: |`);
for (const s of servers) {
  const cpu = median(s.samples.map((x) => x.cpu));
  console.log(
    `| ${s.name} | ${Math.round(median(s.samples.map((x) => x.rps)))} | ${cpu.toFixed(1)} | ${(cpu - bare).toFixed(1)} |`,
  );
}
