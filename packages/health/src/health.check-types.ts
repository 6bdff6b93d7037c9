import type { Type } from '@nestjs/common';

/**
 * What a check reports when it does not throw. Throwing (or timing out) means "down" too.
 * `details` are shown only when `exposeDetails` is on.
 */
export interface HealthCheckOutcome {
  up: boolean;
  details?: Record<string, unknown>;
}

/**
 * A custom indicator: a class (or object) with one method. Return `{ up, details? }` (or a boolean, or nothing for
 * "up"); throw for "down". The `signal` aborts when the check's timeout or the probe budget is reached.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class PaymentsApiIndicator implements BallastHealthIndicator {
 *   async check({ signal }: { signal: AbortSignal }) {
 *     const res = await fetch('http://payments/ping', { signal });
 *     return { up: res.ok, details: { status: res.status } };
 *   }
 * }
 * ```
 */
export interface BallastHealthIndicator {
  check(context: {
    signal: AbortSignal;
  }): Promise<HealthCheckOutcome | boolean | void> | HealthCheckOutcome | boolean | void;
}

/**
 * A health check contributed by another package under a token matching `/^BALLAST_[A-Z_]+_HEALTH_CONTRIBUTORS$/`
 * (e.g. `BALLAST_CACHE_HEALTH_CONTRIBUTORS` from @ballast/cache), discovered and run in readiness; and the shape of
 * `BALLAST_SHUTDOWN_STATE` (@ballast/shutdown), read without importing that package. See docs/contracts.md.
 */
export type { HealthContributor as BallastHealthContributor, ShutdownState } from '@ballast/kernel';

/** Per-check settings, shared by custom indicators, the database check and contributor overrides. */
export interface HealthCheckSettings {
  /**
   * A critical check that fails makes the probe fail (503); a non-critical one is reported `degraded` (200).
   * @default true (contributors: what the contributing package says)
   */
  critical?: boolean;
  /**
   * Time allowed to this check, in ms. Past it the check is `down` with reason `timeout`.
   * @default the module's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * Reuse this check's last outcome for this many ms (0 = run on every probe), so frequent probes do not hammer
   * an expensive dependency. Concurrent probes share one in-flight run. Cached entries carry `cachedResponse: true`.
   * @default the module's `cacheMs`
   */
  cacheMs?: number;
}

/** A custom indicator registered by the user. */
export interface HealthIndicatorRegistration extends HealthCheckSettings {
  /** Result key, e.g. `redis`. Must be unique within the probe. */
  name: string;
  /**
   * The indicator: an object with `check()`, or a class. A class is taken from the application's container when it
   * is a provider somewhere, or else instantiated by Nest with its dependencies injected.
   */
  use: BallastHealthIndicator | Type<BallastHealthIndicator>;
}

/** A TypeORM `DataSource` (structural, so @ballast/health does not depend on typeorm). */
export interface TypeOrmDataSourceLike {
  options: { type: string };
  query(sql: string): Promise<unknown>;
}

/** Database check through terminus's `TypeOrmHealthIndicator` (needs `@nestjs/typeorm` and `typeorm`). */
export interface TypeOrmDatabaseCheck extends HealthCheckSettings {
  kind: 'typeorm';
  /**
   * The DataSource to ping. Omitted: the default DataSource registered by `TypeOrmModule`.
   * @default the app's default TypeORM DataSource
   */
  connection?: TypeOrmDataSourceLike;
  /**
   * Result key.
   * @default 'database'
   */
  name?: string;
}

/** Database check through terminus's `PrismaHealthIndicator`, with your Prisma client. */
export interface PrismaDatabaseCheck extends HealthCheckSettings {
  kind: 'prisma';
  /** Your `PrismaClient` instance (or any object with `$queryRawUnsafe` / `$runCommandRaw`). */
  client: object;
  /**
   * Result key.
   * @default 'database'
   */
  name?: string;
}

/** Free-space check through terminus's `DiskHealthIndicator`. */
export interface DiskCheck extends HealthCheckSettings {
  /**
   * The path whose file system is checked.
   * @default '/'
   */
  path?: string;
  /**
   * Fail when more than this fraction of the disk is used (0..1).
   * @default 0.95
   */
  thresholdPercent?: number;
}
