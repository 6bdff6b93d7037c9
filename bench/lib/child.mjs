// Preloaded into every app a bench starts (`node --import bench/lib/child.mjs <app>`, by bench/lib/server.mjs), so
// that the apps themselves, the example included, know nothing of the bench:
// - the IPC message 'cpu' is answered with { cpuMicros }: this process's user + system CPU time in µs
//   (process.cpuUsage(), getrusage: every thread of the process, µs resolution);
// - the process exits when the bench goes away (IPC disconnect), so a killed bench leaves no server behind.
process.on('message', (message) => {
  if (message !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send?.({ cpuMicros: user + system });
});
process.on('disconnect', () => process.exit(0));
