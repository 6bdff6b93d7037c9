import type { RedisDriver } from './redis.driver.js';

/** The node-redis client of a Redis tier (typed loosely: node-redis' generics do not survive a wrapper). @internal */
export type RedisClient = ReturnType<RedisDriver['createClient']>;

/** @internal */
export interface RedisConnectionOptions {
  url: string;
  connectTimeoutMs: number;
}

/**
 * A node-redis client with no offline queue, a bounded connect timeout and a reconnect that never gives up; not
 * connected yet (the tier connects in the background so an app whose Redis is down at boot still starts).
 * @internal
 */
export function createRedisClient(driver: RedisDriver, options: RedisConnectionOptions): RedisClient {
  return driver.createClient({
    url: options.url,
    // A command sent while disconnected fails at once instead of waiting in a queue (cache-manager#797, keyv#1470).
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      // Never give up; back off up to 2 s (with jitter, so a fleet does not reconnect in lockstep).
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100),
    },
  });
}

/** Resolves true once `client` is connected, or false after `timeoutMs`. @internal */
export async function waitUntilReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.isReady) return true;
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      onReady = () => resolve(true);
      client.once('ready', onReady);
    }),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, false);
    }),
  ]);
  clearTimeout(timer);
  if (onReady) client.off('ready', onReady);
  return ready;
}

/** Quits politely when connected (bounded to 1 s), else drops the socket. @internal */
export async function closeClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  if (client.isReady) {
    let timer: NodeJS.Timeout | undefined;
    const quit = await Promise.race([
      client.close().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(resolve, 1_000, false);
      }),
    ]);
    clearTimeout(timer);
    if (quit) return;
  }
  if (client.isOpen) client.destroy();
}

/**
 * A second connection for pub/sub (a subscribed connection can run no other command), not connected yet; it
 * reconnects and resubscribes by itself. @internal
 */
export function createSubscriber(client: RedisClient): RedisClient {
  return client.duplicate();
}
