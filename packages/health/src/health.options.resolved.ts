import type { Type } from '@nestjs/common';
import type {
  BallastHealthIndicator,
  HealthCheckSettings,
  PrismaDatabaseCheck,
  TypeOrmDatabaseCheck,
} from './health.check-types.js';
import type { MetricsRequestHandler } from './health.options.js';

/** A check after option resolution. @internal */
export interface ResolvedIndicator {
  name: string;
  use: BallastHealthIndicator | Type<BallastHealthIndicator>;
  critical: boolean;
  timeoutMs: number;
  cacheMs: number;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedHealthOptions {
  path: string;
  routing: 'adapter' | 'nest';
  timeoutMs: number;
  budgetMs: number;
  exposeDetails: boolean;
  cacheMs: number;
  liveness: {
    heapUsedBytes: number | false;
    rssBytes: number | false;
    eventLoopDelayMs: number | false;
    indicators: ResolvedIndicator[];
  };
  readiness: {
    database?: (TypeOrmDatabaseCheck | PrismaDatabaseCheck) & {
      name: string;
      critical: boolean;
      timeoutMs: number;
      cacheMs: number;
    };
    disk?: { path: string; thresholdPercent: number; critical: boolean; timeoutMs: number; cacheMs: number };
    contributors: boolean;
    indicators: ResolvedIndicator[];
    overrides: Record<string, HealthCheckSettings>;
  };
  startup: false | { indicators: ResolvedIndicator[] };
  /** Whether the probes are served on the app's own port (`management.probesOnMainPort`). */
  probesOnMainPort: boolean;
  /** The management server, when one was asked for. */
  management?: { port: number; host?: string; metrics?: MetricsRequestHandler };
  /** One line per default derived from the runtime mode (`exposeDetails false (why)`), logged at bootstrap. */
  derivedDefaults: string[];
}
