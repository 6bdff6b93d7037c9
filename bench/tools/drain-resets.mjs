// Connections reset at the instant @ballast/shutdown starts draining: a real app process (the shutdown test fixture,
// packages/shutdown/test/fixtures/app.mjs, on the built dist) under keep-alive load plus fresh connections, SIGTERM,
// and every request that failed is sorted by how: refused (ECONNREFUSED: the listener was closed, nothing was sent,
// safe to retry anywhere) or reset (ECONNRESET / socket hang up: the connection was open, the request may have been
// sent). Clients keep sending until the process is gone, as pods behind a load balancer that still routes to them.
// Times are relative to the drain start (signal + readinessDelayMs, as seen from here).
// Where the resets come from: a probe in the app counts the sockets the server itself destroyed abruptly after the
// listener closed (by state: never sent a byte / idle keep-alive / response in progress), and `ss` reads the listener's
// accept queue (connections the kernel completed, not yet accepted by the app) just before the drain starts.
//   pnpm --filter @ballast/shutdown build
//   node bench/tools/drain-resets.mjs [adapter=express|fastify|both] [runs=10] [keepAlive=50] [fresh=20] [delayMs=200]
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { positionalArgs } from '../lib/args.mjs';

const fixture = fileURLToPath(new URL('../../packages/shutdown/test/fixtures/app.mjs', import.meta.url));
const {
  adapter: which,
  runs,
  keepAlive: keepAliveWorkers,
  fresh: freshWorkers,
  delayMs: readinessDelayMs,
} = positionalArgs({ adapter: 'both', runs: 10, keepAlive: 50, fresh: 20, delayMs: 200 });
const adapters = which === 'both' ? ['express', 'fastify'] : [which];

// Loaded in the app before it starts (--import): counts server-side destroys once the listener is closing.
const probe = `
import net from 'node:net';
import http from 'node:http';
let closing = false;
const c = { fresh: 0, idle: 0, busy: 0 };
for (const P of [net.Server.prototype, http.Server.prototype]) {
  const close = P.close;
  P.close = function (...a) { if (this.listening) closing = true; return close.apply(this, a); };
}
const destroy = net.Socket.prototype.destroy;
net.Socket.prototype.destroy = function (...a) {
  // Not a close after a Connection: close response (that one ends the socket first): an abrupt destroy.
  if (closing && this.server && !this.destroyed && !this.writableEnded) {
    const res = this._httpMessage;
    if (this.bytesRead === 0) c.fresh++; else if (res && !res.writableFinished) c.busy++; else c.idle++;
  }
  return destroy.apply(this, a);
};
process.on('exit', () => process.stdout.write('PROBE ' + JSON.stringify(c) + '\\n'));
`;

/** Connections in the listener's accept queue (ss's Recv-Q of a listening socket), or undefined without ss. */
function acceptQueue(port) {
  const out = spawnSync('ss', ['-Hlnt', `sport = :${port}`], { encoding: 'utf8' }).stdout ?? '';
  const match = /^\S+\s+(\d+)/.exec(out.trim());
  return match ? Number(match[1]) : undefined;
}

function startApp(adapter) {
  const options = { readinessDelayMs, drainTimeoutMs: 5000, timeoutMs: 10_000 };
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, fixture], {
    env: { ...process.env, NODE_OPTIONS: '', FIXTURE: JSON.stringify({ adapter, options }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const exited = new Promise((resolve) =>
    child.once('exit', (code) => {
      const match = /PROBE (.*)/.exec(out);
      resolve({ code, destroyed: match ? JSON.parse(match[1]) : undefined });
    }),
  );
  const port = new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`app exited before listening:\n${out}`)));
  });
  return { child, port, exited };
}

function get(port, agent) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/fast', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: true }));
      res.on('error', (e) => resolve({ ok: false, code: e.code ?? e.message, reused: req.reusedSocket }));
    });
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => resolve({ ok: false, code: e.code ?? e.message, reused: req.reusedSocket }));
    req.end();
  });
}

async function oneRun(adapter) {
  const app = startApp(adapter);
  const port = await app.port;
  let gone = false;
  void app.exited.then(() => (gone = true));
  const agent = new Agent({ keepAlive: true, maxSockets: keepAliveWorkers });
  const stats = { ok: 0, refused: 0, resetsFresh: 0, resetsReused: 0, other: {}, resetAt: [] };
  let drainAt = Number.POSITIVE_INFINITY;
  const worker = async (keepAlive) => {
    while (!gone) {
      const reply = await get(port, keepAlive ? agent : false);
      if (reply.ok) stats.ok += 1;
      else if (reply.code === 'ECONNREFUSED') {
        stats.refused += 1;
        await new Promise((resolve) => setTimeout(resolve, 5)); // as a client backing off; until the exit
      } else if (reply.code === 'ECONNRESET' || reply.code === 'socket hang up' || reply.code === 'EPIPE') {
        if (reply.reused) stats.resetsReused += 1;
        else stats.resetsFresh += 1;
        stats.resetAt.push(Math.round(performance.now() - drainAt));
      } else stats.other[reply.code] = (stats.other[reply.code] ?? 0) + 1;
    }
  };
  const workers = [
    ...Array.from({ length: keepAliveWorkers }, () => worker(true)),
    ...Array.from({ length: freshWorkers }, () => worker(false)),
  ];
  await new Promise((resolve) => setTimeout(resolve, 1500)); // warm: every keep-alive socket open and busy
  drainAt = performance.now() + readinessDelayMs;
  app.child.kill('SIGTERM');
  // Sampled every 20 ms until the listener is gone: the last sample is the queue just before it closed.
  let queued;
  const sampler = setInterval(() => {
    const q = acceptQueue(port);
    if (q === undefined) clearInterval(sampler);
    else queued = q;
  }, 20);
  await Promise.all(workers);
  clearInterval(sampler);
  agent.destroy();
  const { code, destroyed } = await app.exited;
  return { ...stats, code, destroyed, queued };
}

const summary = [];
for (const adapter of adapters) {
  const perRun = [];
  for (let i = 0; i < runs; i++) {
    const r = await oneRun(adapter);
    perRun.push(r);
    const resets = r.resetsFresh + r.resetsReused;
    const at = r.resetAt.length ? `${Math.min(...r.resetAt)}..${Math.max(...r.resetAt)} ms from the drain start` : '';
    console.log(
      `${adapter} run ${i + 1}: ${r.ok} ok, ${r.refused} refused, ${resets} reset ` +
        `(fresh ${r.resetsFresh}, reused keep-alive ${r.resetsReused}) ${at}; accept queue at the last sample before the close: ` +
        `${r.queued}; destroyed by the server: ${JSON.stringify(r.destroyed)}; other ${JSON.stringify(r.other)}, ` +
        `exit ${r.code}`,
    );
  }
  const resets = perRun.map((r) => r.resetsFresh + r.resetsReused);
  summary.push(
    `${adapter}: resets per run ${resets.join(' ')} (total ${resets.reduce((a, b) => a + b, 0)} in ${runs} runs; ` +
      `fresh ${perRun.reduce((a, r) => a + r.resetsFresh, 0)}, reused ${perRun.reduce((a, r) => a + r.resetsReused, 0)}; ` +
      `refused total ${perRun.reduce((a, r) => a + r.refused, 0)}); accept queue just before the close: ` +
      `${perRun.map((r) => r.queued).join(' ')}; destroyed by the server (fresh/idle/busy): ` +
      `${perRun.map((r) => (r.destroyed ? `${r.destroyed.fresh}/${r.destroyed.idle}/${r.destroyed.busy}` : '?')).join(' ')}`,
  );
}
console.log(`\n${summary.join('\n')}`);
