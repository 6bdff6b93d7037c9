import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BallastCacheModule } from '@ballast/cache';
import { BallastConfigModule } from '@ballast/config';
import { BallastContextModule, resolveRuntimeMode } from '@ballast/context';
import { BallastExceptionsModule } from '@ballast/exceptions';
import { BallastHealthModule, type MetricsRequestHandler } from '@ballast/health';
import { BallastLoggerModule } from '@ballast/logger';
import { BallastShutdownModule } from '@ballast/shutdown';
import { AppController } from './app.controller.js';
import { cacheOptions } from './cache/cache.options.js';
import { envSchema, type Env } from './config/env.schema.js';
import { databaseOptions } from './database/database.options.js';
import { UsersModule } from './modules/users/users.module.js';

/** What tests (or an embedding app) may change; main.ts passes nothing. */
export interface AppModuleOptions {
  /** Where log lines go. @default stdout */
  logDestination?: NodeJS.WritableStream;
  /** Answers GET /metrics on MANAGEMENT_PORT (main.ts: the OTel Prometheus exporter's). @default none: 404 */
  metrics?: MetricsRequestHandler;
}

@Module({})
export class AppModule {
  /**
   * The application. Every module reads its options from the validated environment through `forRootAsync`, when
   * the app is created (so each e2e test can boot it with its own variables). A method rather than a static
   * `@Module` only so that tests can capture the log lines.
   */
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The whole environment, validated once (config/env.schema.ts); every module below reads it from
        // @nestjs/config's ConfigService, which now returns the validated, coerced values.
        BallastConfigModule.forRoot({ schema: envSchema }),
        // One request id per request: a well-formed incoming x-request-id, or a new one; echoed in the response.
        BallastContextModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            trustIncomingId: config.get('TRUST_REQUEST_ID', { infer: true }),
            fastExpressRequests: config.get('FAST_EXPRESS_REQUESTS', { infer: true }),
          }),
        }),
        // JSON lines through pino, requestId on each, secrets redacted, one line per request (probes skipped).
        BallastLoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            level: config.get('LOG_LEVEL', { infer: true }),
            base: { service: 'ballast-example-api', env: config.get('NODE_ENV', { infer: true }) },
            ...(options.logDestination && { destination: options.logDestination }),
          }),
        }),
        // One error body for everything: { statusCode, error, message, code?, details?, requestId, timestamp, path }.
        BallastExceptionsModule.forRootAsync({
          useFactory: () => ({
            // The real message of unexpected errors (it can hold SQL or paths) only in an explicit development mode:
            // NODE_ENV=development (or dev/local). Not config's NODE_ENV, whose nodeEnv() default is 'development'
            // when the variable is unset: a pod that sets nothing must not leak them.
            exposeInternalErrors: resolveRuntimeMode().mode === 'development',
          }),
        }),
        // GET /health/live (the process) and /health/ready (the database, the cache, and 503 from SIGTERM on), on
        // PORT and on MANAGEMENT_PORT; GET /metrics on MANAGEMENT_PORT only, out of reach of the app's routes.
        BallastHealthModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            readiness: { database: { kind: 'typeorm' as const } }, // critical: no database, no traffic
            startup: true, // GET /health/startup: 503 until the app listens
            // exposeDetails: its default, on only when NODE_ENV says development or test (logged at startup).
            management: {
              port: config.get('MANAGEMENT_PORT', { infer: true }),
              ...(options.metrics && { metrics: options.metrics }),
            },
          }),
        }),
        // GET /users/:id is cached and evicted on update/delete (users.service.ts). CACHE_STORE: memory without
        // Redis, tiered (memory L1 + Redis, L1s kept in step across instances) with it; see cache/cache.options.ts.
        BallastCacheModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => cacheOptions(config),
        }),
        // SIGTERM: readiness off at once, keep serving SHUTDOWN_DELAY, drain, close, exit (main.ts enables it).
        BallastShutdownModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            // Unset: 5 s in production or in Kubernetes (KUBERNETES_SERVICE_HOST), 0 in tests or on a laptop.
            readinessDelayMs: config.get('SHUTDOWN_DELAY', { infer: true }),
            drainTimeoutMs: config.get('SHUTDOWN_DRAIN_TIMEOUT', { infer: true }),
            timeoutMs: config.get('SHUTDOWN_TIMEOUT', { infer: true }),
          }),
        }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => databaseOptions(config),
        }),
        EventEmitterModule.forRoot(),
        UsersModule,
      ],
      controllers: [AppController],
    };
  }
}
