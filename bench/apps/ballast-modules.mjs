// The bare NestJS app of bench/apps/bare-nest.mjs plus every ballast module with its defaults and nothing else
// (no database, no validation pipe, no users module): what ballast itself adds, apart from what the example app
// brings along. Usage: PORT=3000 HTTP_ADAPTER=express|fastify [LOG_LEVEL=info|warn] node bench/apps/ballast-modules.mjs
// OTEL=1 registers an OpenTelemetry meter provider first (the SDK with a Prometheus exporter that is never scraped), so
// every package records its metrics: the A/B of bench/suites/run.mjs's metrics-cost rows. OTEL=noop registers a provider
// whose instruments do nothing: ballast's own share of that cost, without the SDK's.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BallastCacheModule } from '../../packages/cache/dist/index.js';
import { BallastConfigModule } from '../../packages/config/dist/index.js';
import { BallastContextModule } from '../../packages/context/dist/index.js';
import { BallastExceptionsModule } from '../../packages/exceptions/dist/index.js';
import { BallastHealthModule } from '../../packages/health/dist/index.js';
import { BallastLogger, BallastLoggerModule } from '../../packages/logger/dist/index.js';
import { BallastShutdownModule, enableBallastShutdown } from '../../packages/shutdown/dist/index.js';
import { AppController } from './app-controller.mjs';

// MODULES=context,logger (comma-separated) keeps only those modules: bench/tools/stack-attribution.mjs uses it to find
// which module costs what. Default: all seven.
const all = {
  config: () => BallastConfigModule.forRoot({}),
  // CONTEXT_BIND_STREAMS=1: the context's bindStreamEvents option, for bench/tools/context-binding.mjs;
  // FAST_EXPRESS=1: its fastExpressRequests option (Express only).
  context: () =>
    BallastContextModule.forRoot({
      bindStreamEvents: process.env.CONTEXT_BIND_STREAMS === '1',
      fastExpressRequests: process.env.FAST_EXPRESS === '1',
    }),
  // REQUEST_LOGGING=0: no request line at all (LOG_LEVEL=warn keeps the hooks and skips the line at its level check).
  logger: () =>
    BallastLoggerModule.forRoot({
      level: process.env.LOG_LEVEL ?? 'info',
      requestLogging: process.env.REQUEST_LOGGING !== '0',
    }),
  exceptions: () => BallastExceptionsModule.forRoot({}),
  health: () => BallastHealthModule.forRoot({}),
  cache: () => BallastCacheModule.forRoot({}),
  shutdown: () => BallastShutdownModule.forRoot({}),
};
// Loaded only when asked for: the SDK and its exporter take tens of ms to load, which the cold start of the app
// without metrics must not carry.
if (process.env.OTEL === '1') {
  const [{ metrics }, { PrometheusExporter }, { MeterProvider }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/exporter-prometheus'),
    import('@opentelemetry/sdk-metrics'),
  ]);
  metrics.setGlobalMeterProvider(
    new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] }),
  );
} else if (process.env.OTEL === 'noop') {
  const { metrics } = await import('@opentelemetry/api');
  const instrument = { record() {}, add() {}, addCallback() {} };
  const meter = new Proxy({}, { get: () => () => instrument });
  metrics.setGlobalMeterProvider({ getMeter: () => meter });
}

const selected = (process.env.MODULES ?? Object.keys(all).join(',')).split(',').filter(Boolean);

class AppModule {}
Module({ imports: selected.map((name) => all[name]()), controllers: [AppController] })(AppModule);

const adapter = process.env.HTTP_ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
const app = await NestFactory.create(AppModule, adapter, { bufferLogs: true });
if (selected.includes('logger')) app.useLogger(app.get(BallastLogger));
if (selected.includes('shutdown')) enableBallastShutdown(app);
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
