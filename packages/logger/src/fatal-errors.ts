import type { Logger as PinoLogger } from 'pino';
import { isErrorLike } from './serialize-error.js';

/** What writes the line of a fatal error: a logger core alive in this process. */
interface FatalWriter {
  readonly pino: PinoLogger;
  flushBufferedSync(): void;
}

const writers = new Set<WeakRef<FatalWriter>>();
const forget = new FinalizationRegistry<WeakRef<FatalWriter>>((ref) => writers.delete(ref));
const refs = new WeakMap<FatalWriter, WeakRef<FatalWriter>>();
let installed = false;

/**
 * Writes one `fatal` JSON line for an uncaught exception or an unhandled rejection (with the request id when it
 * happened in a request context), and writes out the buffer at once, before the process ends.
 *
 * It listens to `uncaughtExceptionMonitor`, which observes without handling: whether and how the process ends (code
 * 1 and the stack on stderr by default, or an `uncaughtException` listener of the app that keeps it up) is unchanged.
 * Unhandled rejections reach it in Node's default mode (`--unhandled-rejections=throw`); an app with its own
 * `unhandledRejection` listener, or another mode, handles them itself. One listener for the process. @internal
 */
export function logFatalErrors(writer: FatalWriter): void {
  const ref = new WeakRef(writer);
  refs.set(writer, ref);
  writers.add(ref);
  forget.register(writer, ref, writer);
  if (installed) return;
  installed = true;
  process.on('uncaughtExceptionMonitor', onFatal);
}

/** Stops writing fatal lines to `writer` (its app is shut down). @internal */
export function stopLoggingFatalErrors(writer: FatalWriter): void {
  const ref = refs.get(writer);
  if (ref === undefined) return;
  writers.delete(ref);
  forget.unregister(writer);
  refs.delete(writer);
}

function onFatal(error: unknown, origin: string): void {
  const rejection = origin === 'unhandledRejection';
  const msg = rejection ? 'unhandled rejection' : 'uncaught exception';
  for (const ref of writers) {
    const writer = ref.deref();
    if (writer === undefined) continue;
    try {
      // A rejection's reason may be anything (`Promise.reject('nope')`): an error goes under `err`.
      writer.pino.fatal(isErrorLike(error) ? { err: error, origin } : { reason: error, origin }, msg);
      writer.flushBufferedSync();
    } catch {
      // Logging must not turn one fatal error into another.
    }
  }
}
