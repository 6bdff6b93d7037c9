import type { LoggerService } from '@nestjs/common';

/** The variables that decide ballast's runtime mode (see @ballast/context's resolveRuntimeMode). */
export const MODE_VARIABLES = ['NODE_ENV', 'APP_ENV', 'KUBERNETES_SERVICE_HOST'];

/**
 * Runs `fn` with exactly `env` for the mode variables (the others removed), then restores process.env. Jest sets
 * NODE_ENV=test, and the machine running the suite may itself be a pod: each case states its own environment.
 */
export async function withModeEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(MODE_VARIABLES.map((key) => [key, process.env[key]]));
  for (const key of MODE_VARIABLES) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Nest's logger, collecting `[context] message` for log-level lines (what a module says at startup). */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, context?: string): void {
    this.lines.push(`[${context}] ${String(message)}`);
  }
  error(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}
}
