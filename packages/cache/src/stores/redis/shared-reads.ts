/**
 * GETs in flight by key: concurrent reads of one key share one Redis round trip (each caller deserialises its own
 * copy). A write or an invalidation of a key forgets its read, so later callers do not join a value read before it.
 * @internal
 */
export class SharedReads {
  private readonly reads = new Map<string, Promise<unknown>>();

  /** The read of `key` in flight, else a new one started with `read`. */
  run(key: string, read: () => Promise<unknown>): Promise<unknown> {
    const shared = this.reads.get(key);
    if (shared !== undefined) return shared;
    const promise = read();
    this.reads.set(key, promise);
    void promise.then(() => {
      if (this.reads.get(key) === promise) this.reads.delete(key);
    });
    return promise;
  }

  forget(key: string): void {
    this.reads.delete(key);
  }

  forgetPrefix(prefix: string): void {
    for (const key of this.reads.keys()) if (key.startsWith(prefix)) this.reads.delete(key);
  }

  forgetAll(): void {
    this.reads.clear();
  }
}
