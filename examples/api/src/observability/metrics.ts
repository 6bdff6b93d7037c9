import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { MetricsRequestHandler } from '@ballast/health';

/**
 * Starts the OpenTelemetry metrics SDK for the whole process and returns the handler that renders its metrics in
 * the Prometheus text format. Call it before `NestFactory.create`: the ballast packages record on the global meter
 * provider (through @opentelemetry/api), and record nothing until one is registered.
 *
 * The exporter's own HTTP server stays off (`preventServerStart`): `/metrics` is served by @ballast/health's
 * management server, on `MANAGEMENT_PORT`, next to the probes. Duration histograms get their bucket boundaries in
 * seconds from the instruments' advice (the SDK honours `explicitBucketBoundaries`), so no View is needed.
 */
export function startMetrics(): MetricsRequestHandler {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
  // A prototype method that reads `this`: passing `exporter.getMetricsRequestHandler` alone would lose it.
  return (request, response) => exporter.getMetricsRequestHandler(request, response);
}
