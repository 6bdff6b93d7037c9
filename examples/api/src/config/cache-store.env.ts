import Joi from 'joi';

// The cache's variables that depend on each other: which store, and where Redis is (one URL, a cluster, or
// sentinels). Each rule sits on a variable that is not a secret, so its message can name the others.

export const CACHE_STORES = ['memory', 'redis', 'tiered'] as const;
export type CacheStore = (typeof CACHE_STORES)[number];

/** The variables that say where Redis is: exactly one of them is set when the cache uses Redis. */
const REDIS_LOCATIONS = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const;

/** The sibling variables of the one being validated (the raw values; presence is all these rules look at). */
const siblings = (helpers: Joi.CustomHelpers): Record<string, unknown> =>
  (helpers.state.ancestors as Record<string, unknown>[])[0] ?? {};

const isSet = (value: unknown): boolean => value !== undefined && value !== '';

const redisLocations = (env: Record<string, unknown>): string[] => REDIS_LOCATIONS.filter((key) => isSet(env[key]));

/**
 * `CACHE_STORE`: `memory`, `redis` or `tiered` (any case). Default: `tiered` when Redis is configured, else
 * `memory`. `redis` and `tiered` need Redis: without REDIS_URL (or a cluster or sentinels) this is a configuration
 * error at boot, naming the variables, rather than a cache that fails later.
 */
export function cacheStore(): Joi.StringSchema<CacheStore> {
  // No .valid(): Joi skips every other rule for a value in the allow list, and the Redis rule must run for those.
  return Joi.string()
    .trim()
    .lowercase()
    .default((env: Record<string, unknown>) => (redisLocations(env).length > 0 ? 'tiered' : 'memory'))
    .custom((value: string, helpers) => {
      if (!(CACHE_STORES as readonly string[]).includes(value)) return helpers.error('cacheStore.kind');
      if (value !== 'memory' && redisLocations(siblings(helpers)).length === 0)
        return helpers.error('cacheStore.redis', { store: value });
      return value;
    })
    .messages({
      'cacheStore.kind': `{{#label}} must be one of ${CACHE_STORES.join(', ')}`,
      // The report prints `CACHE_STORE: <message>`; the label is only there for a bare Joi message.
      'cacheStore.redis':
        '{{#label}} is {{#store}}, which needs Redis, and REDIS_URL is not set: set REDIS_URL (or ' +
        'REDIS_CLUSTER_NODES, or REDIS_SENTINELS with REDIS_SENTINEL_MASTER), or CACHE_STORE=memory',
    }) as Joi.StringSchema<CacheStore>;
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s,:[\]]+):\d{1,5}$/;

/**
 * A comma-separated list of `host:port` (`10.0.0.1:6379,10.0.0.2:6379`; `[::1]:6379` for IPv6), as an array of
 * trimmed entries. `excludes`: the variables that may not be set with it (one way to reach Redis at a time).
 */
export function hostPortList(excludes: readonly string[]): Joi.AnySchema<string[]> {
  return Joi.string()
    .trim()
    .custom((value: string, helpers) => {
      const entries = value.split(',').map((entry) => entry.trim());
      if (entries.some((entry) => !HOST_PORT.test(entry))) return helpers.error('hostPorts.format');
      const clash = excludes.find((key) => isSet(siblings(helpers)[key]));
      if (clash) return helpers.error('hostPorts.clash', { clash });
      return entries;
    })
    .messages({
      'hostPorts.format': '{{#label}} must be a comma-separated list of host:port, e.g. 10.0.0.1:6379,10.0.0.2:6379',
      'hostPorts.clash': '{{#label}} cannot be used with {{#clash}}, which is set too: give one way to reach Redis',
    }) as unknown as Joi.AnySchema<string[]>;
}

/** `REDIS_SENTINEL_MASTER`: the master's name, required with REDIS_SENTINELS and meaningless without it. */
export function sentinelMaster(): Joi.StringSchema<string> {
  return Joi.string()
    .trim()
    .when('REDIS_SENTINELS', {
      is: Joi.exist(),
      then: Joi.required(),
      otherwise: Joi.forbidden(),
    })
    .messages({
      'any.required': '{{#label}} is required with REDIS_SENTINELS (the name of the master the sentinels watch)',
      'any.unknown': '{{#label}} is set but REDIS_SENTINELS is not',
    });
}
