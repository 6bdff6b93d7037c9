// One run of a check with a timeout, an abort signal and an optional shared cache. terminus 12 offers this as
// `HealthIndicatorSession.attempt().withTimeout().cacheFor()`; terminus 11 (what Nest 11 apps have) has no such API,
// so the probes run their checks here on both, with terminus 12's semantics: the signal aborts at the timeout (and
// once the run is over), a timeout is worded `timeout of <ms>ms exceeded`, a cached result is kept for the TTL from
// the moment it settled, concurrent runs share one in-flight run, and hits served from a settled run are marked
// `cachedResponse`.

type Outcome<T> =
  | { status: 'up'; value: T; responseTime: number }
  | { status: 'down'; message: string; timedOut: boolean; responseTime: number };

/** What one attempt came to. @internal */
export type Attempt<T> = Outcome<T> & { cachedResponse?: true };

/** Cached attempts by key, shared by the probes of one app. @internal */
export type AttemptCache = Map<string, { outcome: Promise<Outcome<unknown>>; expiresAt: number; settled: boolean }>;

/** Where and how long to cache an attempt. @internal */
export interface AttemptCaching {
  cache: AttemptCache;
  key: string;
  ttlMs: number;
}

/**
 * Runs `fn` once, bounded by `timeoutMs` (its signal aborts then), or returns the cached outcome. Never rejects:
 * a throw or a timeout is a `down` outcome with its message.
 * @internal
 */
export async function attempt<T>(
  fn: (signal: AbortSignal) => Promise<T> | T,
  timeoutMs: number,
  caching?: AttemptCaching,
): Promise<Attempt<T>> {
  if (!caching) return run(fn, timeoutMs);
  const { cache, key, ttlMs } = caching;
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) {
    const hit = cached.settled;
    const outcome = (await cached.outcome) as Outcome<T>;
    return hit ? { ...outcome, cachedResponse: true } : outcome;
  }
  const entry = {
    outcome: run(fn, timeoutMs) as Promise<Outcome<unknown>>,
    expiresAt: Date.now() + ttlMs,
    settled: false,
  };
  cache.set(key, entry);
  const outcome = (await entry.outcome) as Outcome<T>;
  entry.expiresAt = Date.now() + ttlMs;
  entry.settled = true;
  return outcome;
}

async function run<T>(fn: (signal: AbortSignal) => Promise<T> | T, timeoutMs: number): Promise<Outcome<T>> {
  const started = performance.now();
  const responseTime = () => Math.round(performance.now() - started);
  const done = new AbortController();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error(`timeout of ${timeoutMs}ms exceeded`)), timeoutMs);
  timer.unref();
  const signal = eitherAborts(done.signal, timeout.signal);
  try {
    const value = await rejectOnAbort(new Promise<T>((resolve) => resolve(fn(signal))), signal);
    return { status: 'up', value, responseTime: responseTime() };
  } catch (error) {
    const timedOut = timeout.signal.aborted;
    const message = timedOut ? `timeout of ${timeoutMs}ms exceeded` : messageOf(error);
    return { status: 'down', message, timedOut, responseTime: responseTime() };
  } finally {
    clearTimeout(timer);
    done.abort();
  }
}

/** A signal that aborts with the first of two, without `AbortSignal.any()` (it leaks listeners before Node 26). */
export function eitherAborts(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (a.aborted) return a;
  if (b.aborted) return b;
  const controller = new AbortController();
  const abort = (event: Event) => {
    a.removeEventListener('abort', abort);
    b.removeEventListener('abort', abort);
    controller.abort((event.target as AbortSignal).reason);
  };
  a.addEventListener('abort', abort);
  b.addEventListener('abort', abort);
  return controller.signal;
}

function rejectOnAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
  ]);
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return message ? String(message) : String(error);
}
