import type { MetricAttributes, ObservableResultLike } from './telemetry.js';

/** One running count under one attribute set. */
export interface Tally {
  readonly attributes: MetricAttributes;
  value: number;
}

/**
 * Counts the hot path keeps as plain numbers (`tally.value++`), handed to an observable counter or up-down counter
 * when the SDK collects: a request pays an integer increment instead of an SDK call that hashes its attributes.
 * Keys must come from a bounded set (methods, levels): each key is one series for the life of the process.
 * @internal
 */
export class Tallies<Key> {
  private readonly byKey = new Map<Key, Tally>();

  /** The tally of `key`, if one was added. */
  get(key: Key): Tally | undefined {
    return this.byKey.get(key);
  }

  /** Adds (or returns) the tally of `key`, with `attributes` (taken on first sight only). */
  add(key: Key, attributes: MetricAttributes): Tally {
    let tally = this.byKey.get(key);
    if (tally === undefined) {
      tally = { attributes, value: 0 };
      this.byKey.set(key, tally);
    }
    return tally;
  }

  /** An observable instrument's callback: one observation per tally, zeros included (a series does not vanish). */
  readonly observe = (result: ObservableResultLike): void => {
    for (const tally of this.byKey.values()) result.observe(tally.value, tally.attributes);
  };
}
