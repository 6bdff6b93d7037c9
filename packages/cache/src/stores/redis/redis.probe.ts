import type { CircuitBreaker } from '../circuit-breaker.js';
import { round } from '../memory.tier.js';
import type { ProbeResult } from '../tier.js';
import type { RedisConnection } from './redis.connection.js';

/** A real round trip (SET + GET of a probe key), outside the breaker, so health sees Redis as it is. @internal */
export async function probeRedis(
  connection: RedisConnection,
  guard: CircuitBreaker,
  key: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const details: Record<string, unknown> = {
    store: 'redis',
    connected: connection.isReady,
    circuit: guard.state,
    ...guard.counters,
  };
  if (!connection.isReady) return { up: false, details: { ...details, error: 'not connected' } };
  const started = performance.now();
  const token = Math.random().toString(36).slice(2);
  let timer: NodeJS.Timeout | undefined;
  try {
    const read = await Promise.race([
      (async () => {
        await connection.client.set(key, token, { expiration: { type: 'PX', value: 10_000 } });
        return connection.client.get(key);
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { up: read === token, details: { ...details, latencyMs: round(performance.now() - started) } };
  } catch (error) {
    return { up: false, details: { ...details, error: error instanceof Error ? error.message : String(error) } };
  } finally {
    clearTimeout(timer);
  }
}
