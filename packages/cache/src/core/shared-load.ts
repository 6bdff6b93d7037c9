import type { StoredEntry } from '../stores/memory.store.js';
import type { LoadLock } from '../stores/redis/load-lock.js';

/** How a miss is loaded when single flight spans instances (`loadLock`). @internal */
export type LoadPlan =
  /** This instance holds the lock: run the loader, store, then release. */
  | { kind: 'holder'; token: string }
  /** Another instance loaded the value meanwhile. */
  | { kind: 'peer'; entry: StoredEntry }
  /** No lock (Redis could not say, or the wait ran out): run the loader here. */
  | { kind: 'local' };

/** @internal */
export interface SharedLoadSettings {
  lockTtlMs: number;
  waitMs: number;
}

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 50;

/**
 * Decides who loads a missed key across instances: the one that takes the Redis lock; the others poll Redis for its
 * value (5 ms, doubling up to 50 ms), take the lock over when it is released without a value (its loader failed, or
 * its value was invalidated), and load themselves once `waitMs` has passed (a holder that died or hangs).
 * @internal
 */
export async function planLoad(
  lock: LoadLock,
  key: string,
  readValue: () => Promise<StoredEntry | undefined>,
  settings: SharedLoadSettings,
): Promise<LoadPlan> {
  const deadline = Date.now() + settings.waitMs;
  for (let waited = false; ; waited = true) {
    const attempt = await lock.acquire(key, settings.lockTtlMs);
    if (attempt === undefined) return { kind: 'local' };
    if (attempt.held) {
      // Taken over after a wait: the holder may have stored its value between our last read and its release.
      const entry = waited ? await readValue() : undefined;
      if (entry === undefined || entry === null) return { kind: 'holder', token: attempt.token };
      await lock.release(key, attempt.token);
      return { kind: 'peer', entry };
    }
    let pause = FIRST_POLL_MS;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'local' };
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
      pause = Math.min(pause * 2, MAX_POLL_MS);
      const entry = await readValue();
      if (entry !== undefined && entry !== null) return { kind: 'peer', entry };
      const held = await lock.isHeld(key);
      if (held === undefined) return { kind: 'local' };
      if (!held) break; // released without a value: try to take it
    }
  }
}
