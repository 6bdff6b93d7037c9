import type { HttpServer } from '@nestjs/common';
import type { HealthProbe, HealthProbeService } from './health.service.js';

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
  let status: number;
  let body: unknown;
  if (probe === 'startup' && probes.options.startup === false) {
    status = 404;
    body = { statusCode: 404, message: 'startup probe is not enabled' };
  } else {
    ({ status, body } = await probes.probe(probe));
  }
  adapter.setHeader(response, 'Cache-Control', 'no-store');
  adapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
  adapter.reply(response, JSON.stringify(body), status);
}
