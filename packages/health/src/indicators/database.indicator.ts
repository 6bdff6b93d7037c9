import type { HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { databasePingFailed, prismaUnavailable, typeormUnavailable } from '../health.errors.js';
import type { ResolvedHealthOptions } from '../health.options.resolved.js';
import type { ProbeCheck } from '../probe/probe-runner.js';
import type { TerminusHandles } from '../terminus/lazy-terminus.js';

/**
 * Readiness's database check: terminus's TypeORM or Prisma ping. Refuses at startup a database the app does not
 * provide (no default DataSource, a client without a raw query method), which would fail every probe forever.
 */
export async function databaseCheck(
  terminus: TerminusHandles,
  database: NonNullable<ResolvedHealthOptions['readiness']['database']>,
): Promise<ProbeCheck> {
  // Inner terminus timeout above ours: our attempt's timeout is the one that reports `timeout`.
  const inner = database.timeoutMs + 1_000;
  let ping: () => PromiseLike<HealthIndicatorResult>;
  if (database.kind === 'typeorm') {
    const typeorm = await terminus.moduleRef.resolve(terminus.exports.TypeOrmHealthIndicator, undefined, {
      strict: false,
    });
    const connection = database.connection;
    if (!connection) await assertDefaultDataSource(typeorm);
    ping = () => typeorm.pingCheck('db', { ...(connection && { connection }), timeout: inner });
  } else {
    const client = database.client as Record<string, unknown>;
    if (typeof client.$queryRawUnsafe !== 'function' && typeof client.$runCommandRaw !== 'function') {
      throw prismaUnavailable();
    }
    const prisma = await terminus.moduleRef.resolve(terminus.exports.PrismaHealthIndicator, undefined, {
      strict: false,
    });
    ping = () => prisma.pingCheck('db', database.client as never, { timeout: inner });
  }
  return {
    name: database.name,
    critical: database.critical,
    timeoutMs: database.timeoutMs,
    cacheMs: database.cacheMs,
    run: async () => {
      const { status, message } = (await ping()).db;
      // A failed ping is an error (with its message), not a reported state.
      if (status !== 'up') throw databasePingFailed(message);
    },
  };
}

/**
 * Without `connection`, terminus pings the app's default TypeORM DataSource, looked up on every probe: with none (no
 * `TypeOrmModule.forRoot`), every probe would fail forever. Fail at startup instead. terminus 11 and 12 both have this
 * (private) lookup; were it gone, the probe reports the problem as before.
 */
async function assertDefaultDataSource(typeorm: TypeOrmHealthIndicator): Promise<void> {
  const lookup = (typeorm as unknown as { getContextConnection?: () => unknown }).getContextConnection;
  if (typeof lookup !== 'function') return;
  let found: unknown;
  try {
    found = await lookup.call(typeorm);
  } catch (error) {
    throw typeormUnavailable(error);
  }
  if (!found) throw typeormUnavailable();
}
