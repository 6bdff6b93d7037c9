import {
  describeValue,
  field,
  flag,
  milliseconds,
  oneOf,
  type OptionField,
  type OptionProblems,
  plainObject,
  readOptions,
  text,
} from '@ballast/kernel';
import { DEFAULTS } from './health.constants.js';
import type { DiskCheck, HealthCheckSettings, HealthIndicatorRegistration } from './health.check-types.js';
import type { ResolvedHealthOptions, ResolvedIndicator } from './health.options.resolved.js';

/** Largest delay Node's timers accept. */
export const MAX_MS = 2 ** 32 - 1;

/** Timeout and cache of the whole module, inherited by every check that does not set its own. */
export interface BaseSettings {
  timeoutMs: number;
  cacheMs: number;
}

const SETTINGS = {
  critical: flag().default(true),
  timeoutMs: milliseconds(1, MAX_MS),
  cacheMs: milliseconds(0, MAX_MS),
} satisfies Record<keyof HealthCheckSettings, OptionField<unknown>>;

const isIndicator = (use: unknown): boolean =>
  typeof use === 'function' ||
  (use !== null && typeof use === 'object' && typeof (use as { check?: unknown }).check === 'function');

const INDICATOR = {
  ...SETTINGS,
  name: text().fix('It is the key of the check in the probe result.'),
  use: field<HealthIndicatorRegistration['use']>(
    'a class or an object with a check() method (BallastHealthIndicator)',
    isIndicator,
  ),
} satisfies Record<keyof HealthIndicatorRegistration, OptionField<unknown>>;

const DATABASE = {
  ...SETTINGS,
  kind: oneOf(['typeorm', 'prisma'] as const).fix(
    'For another database, register a custom indicator in readiness.indicators.',
  ),
  connection: plainObject(),
  client: plainObject(),
  name: text().default('database'),
};

const DISK = {
  ...SETTINGS,
  path: text().fix('Pass a mounted path such as "/" or "/data".').default('/'),
  thresholdPercent: field<number>(
    'a fraction in (0, 1], e.g. 0.9 for 90%',
    (v) => typeof v === 'number' && v > 0 && v <= 1,
  ).default(DEFAULTS.diskThresholdPercent),
} satisfies Record<keyof DiskCheck, OptionField<unknown>>;

/** A check's critical/timeout/cache, with the module's timeout and cache where it sets none. */
export function settingsOf(
  values: { critical: boolean; timeoutMs: number | undefined; cacheMs: number | undefined },
  base: BaseSettings,
): { critical: boolean; timeoutMs: number; cacheMs: number } {
  return {
    critical: values.critical,
    timeoutMs: values.timeoutMs ?? base.timeoutMs,
    cacheMs: values.cacheMs ?? base.cacheMs,
  };
}

/** A list of indicator registrations (`readiness.indicators`, …), each read with its index in the path. */
export function readIndicators(
  path: string,
  value: unknown,
  base: BaseSettings,
  problems: OptionProblems,
): ResolvedIndicator[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(path, `must be an array of { name, use }, got ${describeValue(value)}.`);
    return [];
  }
  return value.map((raw: unknown, index) => {
    const { values } = readOptions(INDICATOR, raw, { path: `${path}[${index}].` }, problems);
    return { name: values.name!, use: values.use!, ...settingsOf(values, base) };
  });
}

/** `readiness.database`: a TypeORM or Prisma check. */
export function readDatabase(
  value: unknown,
  base: BaseSettings,
  problems: OptionProblems,
): ResolvedHealthOptions['readiness']['database'] {
  const { values } = readOptions(DATABASE, value, { path: 'readiness.database.' }, problems);
  if (values.kind === undefined && !problems.has('readiness.database.kind')) {
    problems.add('readiness.database.kind', "must be 'typeorm' or 'prisma', got undefined.");
  }
  if (values.kind === 'prisma' && values.client === undefined && !problems.has('readiness.database.client')) {
    problems.add('readiness.database.client', "pass your PrismaClient instance (kind 'prisma' needs it).");
  }
  const { connection, client, name, kind } = values;
  const check = kind === 'prisma' ? { kind, client: client! } : { kind: 'typeorm' as const, connection };
  return { ...check, name, ...settingsOf(values, base) } as ResolvedHealthOptions['readiness']['database'];
}

/** `readiness.disk`: `true` for the defaults, `false` (or nothing) for no check. */
export function readDisk(
  value: unknown,
  base: BaseSettings,
  problems: OptionProblems,
): ResolvedHealthOptions['readiness']['disk'] {
  if (value === undefined || value === false) return undefined;
  const { values } = readOptions(DISK, value === true ? {} : value, { path: 'readiness.disk.' }, problems);
  return { path: values.path, thresholdPercent: values.thresholdPercent, ...settingsOf(values, base) };
}

/** `readiness.overrides`: settings by check name, only the ones given (applied over the check's own). */
export function readOverrides(value: unknown, problems: OptionProblems): Record<string, HealthCheckSettings> {
  const overrides: Record<string, HealthCheckSettings> = {};
  if (value === undefined) return overrides;
  const parsed = plainObject().parse(value);
  if ('problem' in parsed) {
    problems.add('readiness.overrides', parsed.problem);
    return overrides;
  }
  const partial = { critical: flag(), timeoutMs: SETTINGS.timeoutMs, cacheMs: SETTINGS.cacheMs };
  for (const [name, entry] of Object.entries(parsed.value)) {
    const { values } = readOptions(partial, entry, { path: `readiness.overrides.${name}.` }, problems);
    overrides[name] = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  }
  return overrides;
}

/** "two checks are named …" for every name used twice in one probe. */
export function checkUniqueNames(path: string, names: unknown[], problems: OptionProblems): void {
  const seen = new Set<unknown>();
  for (const name of names) {
    if (seen.has(name))
      problems.add(path, `two checks are named ${JSON.stringify(name)}; give each check a unique name.`);
    seen.add(name);
  }
}
