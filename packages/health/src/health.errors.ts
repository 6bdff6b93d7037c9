/** Error thrown by @ballast/health; `code` is stable and documented in the README. */
export class BallastHealthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_HEALTH_INVALID_OPTIONS';

/** A registered indicator class could not be instantiated. */
export const INDICATOR_UNRESOLVED = 'BALLAST_HEALTH_INDICATOR_UNRESOLVED';

/** `readiness.database` names a database the app does not provide (no TypeORM DataSource, no usable Prisma client). */
export const DATABASE_UNAVAILABLE = 'BALLAST_HEALTH_DATABASE_UNAVAILABLE';

/** Every error code of @ballast/health (the README documents each one; a test keeps them in step). */
export const HEALTH_ERROR_CODES = [INVALID_OPTIONS, INDICATOR_UNRESOLVED, DATABASE_UNAVAILABLE] as const;

export function invalidOptions(problems: string[]): BallastHealthError {
  return new BallastHealthError(
    INVALID_OPTIONS,
    `Invalid BallastHealthModule options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
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
