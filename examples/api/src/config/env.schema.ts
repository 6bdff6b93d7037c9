import Joi from 'joi';
import {
  bool,
  duration,
  logLevel,
  nodeEnv,
  optional,
  port,
  secret,
  url,
  type NamespaceValues,
} from '@ballast/config/env';
import { cacheStore, hostPortList, sentinelMaster } from './cache-store.env.js';

/**
 * The whole environment of the example, in one place: every variable the app reads, its type and its default.
 * Validated once at boot by BallastConfigModule (every problem reported at once, secret values never printed);
 * variables not listed here are ignored.
 */
export const envVariables = {
  NODE_ENV: nodeEnv(),
  PORT: port().default(3000),
  /** The management server (the probes, GET /metrics for Prometheus) on a port of its own; 0 = any free port. */
  MANAGEMENT_PORT: port().default(9464),
  HTTP_ADAPTER: Joi.string().valid('express', 'fastify').default('express') as Joi.StringSchema<'express' | 'fastify'>,
  LOG_LEVEL: logLevel().default('info'),
  /** Reuse a well-formed incoming x-request-id (set false when clients are untrusted and ids must be ours). */
  TRUST_REQUEST_ID: bool().default(true),
  /** Express only: build requests with Express's prototypes in place (far less CPU per request; see @ballast/context). */
  FAST_EXPRESS_REQUESTS: bool().default(true),
  /** PostgreSQL; unset = the embedded sql.js database. A secret: it usually carries a password. */
  DATABASE_URL: optional(secret(url({ scheme: ['postgres', 'postgresql'] }))),
  /** PostgreSQL schema holding the tables (must exist). */
  DATABASE_SCHEMA: Joi.string()
    .pattern(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  /** Embedded database only: load from and save to this file; unset = in memory (gone at exit). */
  DATABASE_FILE: optional(Joi.string()),
  /** Where the cache keeps values: memory (per instance), redis, or tiered (memory L1 in front of Redis). */
  CACHE_STORE: cacheStore(),
  /** Redis for the cache (one server); unset with no cluster or sentinels = an in-process memory cache. */
  REDIS_URL: optional(secret(url({ scheme: ['redis', 'rediss'] }))),
  /** Redis Cluster instead of REDIS_URL: some of its nodes, `host:port,host:port`. */
  REDIS_CLUSTER_NODES: optional(hostPortList(['REDIS_URL'])),
  /** Redis behind Sentinel instead of REDIS_URL: the sentinels, `host:port,host:port` (with REDIS_SENTINEL_MASTER). */
  REDIS_SENTINELS: optional(hostPortList(['REDIS_URL', 'REDIS_CLUSTER_NODES'])),
  /** The name of the master the sentinels watch (required with REDIS_SENTINELS). */
  REDIS_SENTINEL_MASTER: optional(sentinelMaster()),
  /** Prefix of every cache key, so several apps (or test runs) can share one Redis. */
  CACHE_NAMESPACE: Joi.string().default('example-api'),
  CACHE_TTL: duration().default(60_000),
  /** How long to keep serving after SIGTERM while endpoints are removed; unset = 5 s in production or Kubernetes. */
  SHUTDOWN_DELAY: optional(duration()),
  SHUTDOWN_DRAIN_TIMEOUT: duration().default(10_000),
  SHUTDOWN_TIMEOUT: duration().default(25_000),
};

export const envSchema = Joi.object(envVariables);

/** The validated, coerced environment (`PORT` is a number, `CACHE_TTL` milliseconds), as ConfigService<Env, true> reads it. */
export type Env = NamespaceValues<typeof envVariables>;
