import Joi from 'joi';

/** `'10s'`, `'500ms'`, `'2m'` or a plain number of milliseconds → milliseconds. */
const duration = Joi.alternatives()
  .try(
    Joi.number().integer().min(0),
    Joi.string()
      .trim()
      .pattern(/^\d+(ms|s|m)$/)
      .custom((value: string) => {
        const [, amount, unit] = /^(\d+)(ms|s|m)$/.exec(value)!;
        return Number(amount) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
      }),
  )
  .messages({ 'alternatives.match': '{{#label}} must be a duration such as 500ms, 10s or 1m' });

/**
 * The whole environment of the example, in one place. Every variable the app reads is declared here, with its
 * default; anything else in the environment is ignored. Validated once at boot: a bad value stops the app.
 */
export const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(3000),
  HTTP_ADAPTER: Joi.string().valid('express', 'fastify').default('express'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace').default('info'),
  /** PostgreSQL; when unset, the embedded sql.js database is used. */
  DATABASE_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
  /** PostgreSQL schema holding the tables (must exist). */
  DATABASE_SCHEMA: Joi.string()
    .pattern(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  /** Embedded database only: load from and save to this file; unset = in memory. */
  DATABASE_FILE: Joi.string(),
  /** Redis for the cache; when unset, an in-process memory cache is used. */
  REDIS_URL: Joi.string().uri({ scheme: ['redis', 'rediss'] }),
  CACHE_TTL: duration.default(60_000),
  /** Time to keep serving after SIGTERM while endpoints are removed (0 outside production). */
  SHUTDOWN_DELAY: duration,
  SHUTDOWN_DRAIN_TIMEOUT: duration.default(10_000),
  SHUTDOWN_TIMEOUT: duration.default(25_000),
});

/** The validated environment, as the app reads it through `ConfigService<Env, true>`. */
export interface Env {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  HTTP_ADAPTER: 'express' | 'fastify';
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  DATABASE_URL?: string;
  DATABASE_SCHEMA: string;
  DATABASE_FILE?: string;
  REDIS_URL?: string;
  CACHE_TTL: number;
  SHUTDOWN_DELAY?: number;
  SHUTDOWN_DRAIN_TIMEOUT: number;
  SHUTDOWN_TIMEOUT: number;
}
