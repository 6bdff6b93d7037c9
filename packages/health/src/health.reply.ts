import type { HttpServer } from '@nestjs/common';
import type { HealthProbe, HealthProbeService } from './health.service.js';

/** A probe's status and body, the same on every port: 404 for the startup probe when it is not enabled. @internal */
export async function answerProbe(
  probes: HealthProbeService,
  probe: HealthProbe,
): Promise<{ status: number; body: unknown }> {
  if (probe === 'startup' && probes.options.startup === false) {
    return { status: 404, body: { statusCode: 404, message: 'startup probe is not enabled' } };
  }
  return probes.probe(probe);
}

/**
 * Answers one probe through the HTTP adapter (Express or Fastify alike): `Cache-Control: no-store`, terminus's body
 * shape, the probe's status; 404 for the startup probe when it is not enabled. Never through exception filters or
 * interceptors, so the body keeps its shape whatever the app installs. @internal
 */
export async function replyToProbe(
  probes: HealthProbeService,
  adapter: HttpServer,
  probe: HealthProbe,
  response: unknown,
): Promise<void> {
  const { status, body } = await answerProbe(probes, probe);
  adapter.setHeader(response, 'Cache-Control', 'no-store');
  adapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
  adapter.reply(response, JSON.stringify(body), status);
}
