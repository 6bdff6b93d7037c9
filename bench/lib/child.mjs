// Preloaded into every app a bench starts (`node --import bench/lib/child.mjs <app>`, by bench/lib/server.mjs), so
// that the apps themselves, the example included, know nothing of the bench:
// - the IPC message 'cpu' is answered with { cpuMicros }: this process's user + system CPU time in µs
//   (process.cpuUsage(), getrusage: every thread of the process, µs resolution);
// - 'memory' is answered with { rss, heapUsed, heapTotal, external, arrayBuffers } in bytes (process.memoryUsage()), read after a full garbage
//   collection when the server runs with --expose-gc (startServer's `nodeArgs`), so that growth means retained memory;
// - 'flush-compile-cache' writes the module compile cache (NODE_COMPILE_CACHE) to disk now and answers { flushed }:
//   servers are stopped with SIGKILL, which would lose it;
// - the process exits when the bench goes away (IPC disconnect), so a killed bench leaves no server behind.
import module from 'node:module';

process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  } else if (message === 'memory') {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ rss, heapUsed, heapTotal, external, arrayBuffers, gc: typeof globalThis.gc === 'function' });
  } else if (message === 'flush-compile-cache') {
    module.flushCompileCache?.();
    process.send?.({ flushed: typeof module.flushCompileCache === 'function' });
  }
});
process.on('disconnect', () => process.exit(0));
