import { BallastError, formatOptionProblems } from '@ballast/kernel';

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_HEALTH_INVALID_OPTIONS';

/** A registered indicator class could not be instantiated. */
export const INDICATOR_UNRESOLVED = 'BALLAST_HEALTH_INDICATOR_UNRESOLVED';

/** `readiness.database` names a database the app does not provide (no TypeORM DataSource, no usable Prisma client). */
export const DATABASE_UNAVAILABLE = 'BALLAST_HEALTH_DATABASE_UNAVAILABLE';

/** A check failed without an error of its own (an invalid result, a database ping that answered down): logged and in the probe body, never thrown to app code. */
export const CHECK_FAILED = 'BALLAST_HEALTH_CHECK_FAILED';

/** The management server (`management` option) could not listen on its port, e.g. the port is taken. */
export const MANAGEMENT_LISTEN_FAILED = 'BALLAST_HEALTH_MANAGEMENT_LISTEN_FAILED';

/** `@nestjs/terminus` (a peer dependency, loaded on the first probe) could not be loaded. */
export const TERMINUS_UNAVAILABLE = 'BALLAST_HEALTH_TERMINUS_UNAVAILABLE';

/** Every code @ballast/health throws. */
export type HealthErrorCode =
  | typeof INVALID_OPTIONS
  | typeof INDICATOR_UNRESOLVED
  | typeof DATABASE_UNAVAILABLE
  | typeof CHECK_FAILED
  | typeof MANAGEMENT_LISTEN_FAILED
  | typeof TERMINUS_UNAVAILABLE;

/** Error thrown by @ballast/health; `code` is stable and documented in docs/error-codes.md. */
export class BallastHealthError extends BallastError<HealthErrorCode> {}

export function invalidOptions(problems: string[]): BallastHealthError {
  return new BallastHealthError(INVALID_OPTIONS, formatOptionProblems('BallastHealthModule', problems));
}

export function indicatorUnresolved(name: string, className: string, cause: unknown): BallastHealthError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new BallastHealthError(
    INDICATOR_UNRESOLVED,
    `BallastHealthModule could not create the indicator "${name}" (class ${className}): ${reason}\n` +
      `Potential solutions:\n` +
      `- register ${className} as a provider in a module of your app (it is then taken from there), or\n` +
      `- make its dependencies resolvable from BallastHealthModule (global modules, or forRootAsync({ imports })), or\n` +
      `- pass an instance instead of the class: { name: "${name}", use: new ${className}(...) }.`,
    { cause },
  );
}

export function typeormUnavailable(cause?: unknown): BallastHealthError {
  const reason = cause === undefined ? '' : ` (${cause instanceof Error ? cause.message : String(cause)})`;
  return new BallastHealthError(
    DATABASE_UNAVAILABLE,
    `BallastHealthModule: readiness.database is { kind: 'typeorm' } without \`connection\`, and the app has no default ` +
      `TypeORM DataSource${reason}: every readiness probe would fail.\n` +
      `Potential solutions:\n` +
      `- import TypeOrmModule.forRoot(...) in the app, or\n` +
      `- pass \`connection\` (your DataSource) in readiness.database, or\n` +
      `- remove \`readiness.database\`.`,
    { cause },
  );
}

export function prismaUnavailable(): BallastHealthError {
  return new BallastHealthError(
    DATABASE_UNAVAILABLE,
    `BallastHealthModule: readiness.database is { kind: 'prisma' } and its \`client\` has neither $queryRawUnsafe nor ` +
      `$runCommandRaw: every readiness probe would fail.\n` +
      `Potential solutions:\n` +
      `- pass your PrismaClient instance as \`client\`, or\n` +
      `- remove \`readiness.database\`.`,
  );
}

export function terminusUnavailable(cause: unknown): BallastHealthError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new BallastHealthError(
    TERMINUS_UNAVAILABLE,
    `BallastHealthModule could not load @nestjs/terminus, which runs its checks: ${reason}\n` +
      `Potential solutions:\n` +
      `- install it next to @ballast/health: npm install @nestjs/terminus@12 (NestJS 12) or @nestjs/terminus@11 (NestJS 11).`,
    { cause },
  );
}

export function invalidCheckResult(): BallastHealthError {
  return new BallastHealthError(CHECK_FAILED, 'check() must return { up: boolean, details? }, a boolean, or nothing');
}

export function databasePingFailed(message: unknown): BallastHealthError {
  return new BallastHealthError(CHECK_FAILED, typeof message === 'string' ? message : 'database ping failed');
}

export function managementListenFailed(port: number, host: string | undefined, cause: unknown): BallastHealthError {
  const code = (cause as { code?: unknown } | null)?.code;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const where = `${host ?? 'every interface'}, port ${port}`;
  return new BallastHealthError(
    MANAGEMENT_LISTEN_FAILED,
    `BallastHealthModule could not start the management server on ${where}: ${reason}\n` +
      `Potential solutions:\n` +
      (code === 'EADDRINUSE'
        ? `- choose another management.port: this one is taken (by another process, or by the app's own port), or\n`
        : `- check management.port and management.host (an address of this machine), or\n`) +
      `- remove \`management\` to serve the probes on the app's port only.`,
    { cause },
  );
}
