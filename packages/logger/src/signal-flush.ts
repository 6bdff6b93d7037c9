/** Signals whose default action ends the process without an `exit` event, so without the exit-time flush. */
export const FLUSHED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** What is flushed on a signal: the batched destinations alive in this process. */
const destinations = new Set<WeakRef<{ flushSync(): void }>>();
const forget = new FinalizationRegistry<WeakRef<{ flushSync(): void }>>((ref) => destinations.delete(ref));
let installed = false;

/**
 * Writes out `destination`'s pending lines when the process gets SIGTERM, SIGINT or SIGHUP. One listener per signal
 * for the process, whatever the number of destinations (held weakly).
 *
 * A listener replaces Node's default action (dying by the signal). So when ours is the only listener at the time of
 * the signal, it flushes, removes itself and raises the signal again: the process dies by it as it would have without
 * the logger. When anyone else listens (`@ballast/shutdown`, Nest's `enableShutdownHooks()`, the app), it only
 * flushes: they own the exit. It is prepended, so it runs before a `once` listener removes itself. @internal
 */
export function flushOnSignals(destination: { flushSync(): void }): void {
  const ref = new WeakRef(destination);
  destinations.add(ref);
  forget.register(destination, ref);
  if (installed) return;
  installed = true;
  for (const signal of FLUSHED_SIGNALS) process.prependListener(signal, onSignal);
}

function flushAll(): void {
  for (const ref of destinations) {
    try {
      ref.deref()?.flushSync();
    } catch {
      // The output is gone (closed pipe): nothing left to write to.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  flushAll();
  if (process.listenerCount(signal) > 1) return; // someone else handles it and owns the exit
  for (const s of FLUSHED_SIGNALS) process.removeListener(s, onSignal);
  installed = false;
  // No listener left: the signal's default action again, as if the logger had never listened.
  process.kill(process.pid, signal);
}
