import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import type { MetricAttributes } from '@ballast/kernel';
import { cacheTelemetry } from '../../cache.telemetry.js';
import type { CircuitBreaker } from '../circuit-breaker.js';
import type { RateLimitedWarner } from '../rate-limited-warner.js';
import { closeClient, type RedisClient, type RedisConnection } from './redis.connection.js';

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
  /** `cache.name` of the sync metrics. */
  cacheName: string;
  logger: Logger;
  warner: RateLimitedWarner;
}

/** A message on the wire: the sender and its send time (epoch ms, for the lag metric), then what it invalidated. */
interface Wire {
  o: string;
  t?: number;
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

  private subscribed = false;
  private readonly attributes: MetricAttributes;

  constructor(
    private readonly connection: RedisConnection,
    private readonly guard: CircuitBreaker,
    private readonly options: L1SyncOptions,
  ) {
    this.attributes = { 'cache.name': options.cacheName };
    this.subscriber = connection.pubSub();
    const lost = (error?: unknown) => {
      if (this.up && error !== undefined) {
        options.warner.warn(
          'sync',
          `${options.label}: L1 sync channel lost (${error instanceof Error ? error.message : String(error)}); L1 entries live at most l1FallbackTtlMs until it is back.`,
        );
      }
      this.setUp(false);
    };
    this.subscriber.on('error', lost);
    this.subscriber.on('node-error', lost);
    this.subscriber.on('end', () => lost());
    this.subscriber.on('disconnect', () => lost());
    // Reconnected and resubscribed (node-redis resubscribes before 'ready'; a cluster or sentinel client moves its
    // subscriptions to the new node): messages may have been missed meanwhile, which the state change accounts for.
    const back = () => {
      if (this.subscribed) this.setUp(this.isSubscriberReady());
    };
    this.subscriber.on('ready', back);
    this.subscriber.on('node-ready', back);
    this.subscriber.on('topology-change', back);
  }

  /** Whether messages from other instances arrive now. */
  get connected(): boolean {
    return this.up;
  }

  /** Connects in the background; `onInvalidate` gets other instances' messages, `onState` each change of state. */
  start(onInvalidate: (what: L1Invalidation) => void, onState: (up: boolean) => void): void {
    this.onInvalidate = onInvalidate;
    this.onState = onState;
    void this.subscribe();
  }

  /** Subscribes as soon as the connection is usable (Redis may be down at boot); node-redis keeps it afterwards. */
  private async subscribe(): Promise<void> {
    // A sentinel client subscribes on a pub/sub connection of its own, and the tier connects it.
    if (this.subscriber !== this.connection.client) this.subscriber.connect().catch(() => undefined);
    while (!this.closed) {
      if (this.isSubscriberReady()) {
        try {
          await this.subscriber.subscribe(this.options.channel, (message: string) => this.receive(message));
          this.subscribed = true;
          this.setUp(this.isSubscriberReady());
          return;
        } catch {
          // Not connected after all: try again below.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100).unref());
    }
  }

  /** Publishes an invalidation this instance made (after Redis acknowledged it). Never throws. */
  async announce(what: L1Invalidation): Promise<void> {
    if (this.closed || (what.keys !== undefined && what.keys.length === 0)) return;
    const wire: Wire = {
      o: this.origin,
      t: Date.now(),
      ...(what.keys ? { k: what.keys } : {}),
      ...(what.prefix !== undefined ? { p: what.prefix } : {}),
    };
    await this.guard.run(
      () => this.connection.client.publish(this.options.channel, JSON.stringify(wire)),
      undefined,
      'sync publish',
      undefined,
      () => cacheTelemetry.instruments.syncDropped.add(1, this.attributes),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    if (this.subscriber === this.connection.client) {
      await this.subscriber.unsubscribe(this.options.channel).catch(() => undefined);
    } else {
      await closeClient(this.subscriber);
    }
  }

  private isSubscriberReady(): boolean {
    return this.subscriber.isReady ?? this.subscriber.isOpen;
  }

  private receive(message: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(message) as Wire;
    } catch {
      return;
    }
    if (wire.o === this.origin) return;
    // Clocks of two hosts differ: a negative lag is recorded as 0.
    if (typeof wire.t === 'number') {
      const instruments = cacheTelemetry.instruments;
      if (instruments.recording) instruments.syncLag.record(Math.max(0, Date.now() - wire.t) / 1000, this.attributes);
    }
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
