// The load generator of every bench that drives an app over HTTP: autocannon, in this process.
import autocannon from 'autocannon';

/**
 * One autocannon run against `url`: for `duration` seconds, or `amount` requests when given. Resolves with
 * autocannon's result (requests.average/total, latency.p50/p99, errors, timeouts, non2xx).
 */
export function load(url, { duration = 2, amount, connections = 10, headers } = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, headers, ...(amount ? { amount } : { duration }) }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}
