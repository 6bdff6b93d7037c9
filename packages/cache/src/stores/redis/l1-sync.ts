import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import type { CircuitBreaker } from '../circuit-breaker.js';
import type { RateLimitedWarner } from '../rate-limited-warner.js';
import { closeClient, createSubscriber, type RedisClient } from './redis.connection.js';

/** What another instance invalidated: full keys of this cache, or a prefix (`''` prefix of the cache = all). */
export interface L1Invalidation {
  keys?: string[];
  prefix?: string;
}

/** @internal */
export interface L1SyncOptions {
  /** The pub/sub channel: one per namespace and cache, so apps sharing a Redis never evict each other. */
  channel: string;
  /** Prefix of this cache's value keys: a message naming anything else is ignored. */
  valuesPrefix: string;
  label: string;
  logger: Logger;
  warner: RateLimitedWarner;
}

/** A message on the wire: the sender, then what it invalidated. */
interface Wire {
  o: string;
  k?: string[];
  p?: string;
}

/**
 * Keeps the L1 of a tiered cache in step across instances: after each write or delete this instance made in Redis,
 * `announce()` publishes the keys (or prefix); every other instance evicts them from its L1. Messages are sent after
 * Redis has the change, so an instance that evicts and reads again reads the new value.
 * @internal
 */
export class L1SyncChannel {
  /** This process's id on the channel: its own messages come back and are ignored. */
  readonly origin = randomUUID();
  private readonly subscriber: RedisClient;
  private up = false;
  private closed = false;
  private onInvalidate: (what: L1Invalidation) => void = () => undefined;
  private onState: (up: boolean) => void = () => undefined;

  constructor(
    private readonly client: RedisClient,
    private readonly guard: CircuitBreaker,
    private readonly options: L1SyncOptions,
  ) {
    this.subscriber = createSubscriber(client);
    this.subscriber.on('error', (error: Error) => {
      options.warner.warn(
        'sync',
        `${options.label}: L1 sync channel lost (${error.message}); L1 entries live at most l1FallbackTtlMs until it is back.`,
      );
      this.setUp(false);
    });
    this.subscriber.on('end', () => this.setUp(false));
    this.subscriber.on('ready', () => {
      // Reconnected and resubscribed (node-redis resubscribes before 'ready'): messages may have been missed.
      if (!this.closed) this.setUp(true);
    });
  }

  /** Whether messages from other instances arrive now. */
  get connected(): boolean {
    return this.up;
  }

  /** Connects in the background; `onInvalidate` gets other instances' messages, `onState` each change of state. */
  start(onInvalidate: (what: L1Invalidation) => void, onState: (up: boolean) => void): void {
    this.onInvalidate = onInvalidate;
    this.onState = onState;
    void this.subscriber
      .connect()
      .then(() => this.subscriber.subscribe(this.options.channel, (message: string) => this.receive(message)))
      .then(() => this.setUp(this.subscriber.isReady))
      .catch(() => undefined);
  }

  /** Publishes an invalidation this instance made (after Redis acknowledged it). Never throws. */
  async announce(what: L1Invalidation): Promise<void> {
    if (this.closed || (what.keys !== undefined && what.keys.length === 0)) return;
    const wire: Wire = {
      o: this.origin,
      ...(what.keys ? { k: what.keys } : {}),
      ...(what.prefix !== undefined ? { p: what.prefix } : {}),
    };
    await this.guard.run(
      () => this.client.publish(this.options.channel, JSON.stringify(wire)),
      undefined,
      'sync publish',
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    await closeClient(this.subscriber);
  }

  private receive(message: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(message) as Wire;
    } catch {
      return;
    }
    if (wire.o === this.origin) return;
    const prefix = this.options.valuesPrefix;
    const keys = Array.isArray(wire.k) ? wire.k.filter((k) => typeof k === 'string' && k.startsWith(prefix)) : [];
    if (keys.length > 0) this.onInvalidate({ keys });
    if (typeof wire.p === 'string' && wire.p.startsWith(prefix)) this.onInvalidate({ prefix: wire.p });
  }

  private setUp(up: boolean): void {
    if (this.closed || up === this.up) return;
    this.up = up;
    this.onState(up);
  }
}
