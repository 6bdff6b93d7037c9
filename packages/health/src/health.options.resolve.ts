import { getHeapStatistics } from 'node:v8';
import { type RuntimeMode, resolveRuntimeMode, runtimeModeFields } from '@ballast/context';
import { field, flag, milliseconds, oneOf, type OptionField, plainObject, readOptions } from '@ballast/kernel';
import { DEFAULTS } from './health.constants.js';
import { invalidOptions } from './health.errors.js';
import {
  type BaseSettings,
  checkUniqueNames,
  MAX_MS,
  readDatabase,
  readDisk,
  readIndicators,
  readOverrides,
} from './health.options.checks.js';
import type { HealthModuleOptions, LivenessOptions, ReadinessOptions, StartupOptions } from './health.options.js';
import type { ResolvedHealthOptions } from './health.options.resolved.js';

const PLAIN_PATH = /^[A-Za-z0-9._~\-/]+$/;
const trimSlashes = (v: unknown): string => String(v).replace(/^\/+|\/+$/g, '');

/** Every option, its type and default: a Record, so that adding an option without a field fails to compile. */
const SPEC = {
  path: field<string>(
    "a plain URL path such as 'health' or 'internal/health' (letters, digits, '-', '_', '.', '~' and '/')",
    (v) => typeof v === 'string' && PLAIN_PATH.test(trimSlashes(v)) && !trimSlashes(v).includes('//'),
    trimSlashes,
  ).default(DEFAULTS.path),
  routing: oneOf(['adapter', 'nest'] as const)
    .fix(
      "'adapter' serves the probes beside Nest's router (no global guards, interceptors or prefix); 'nest' as an ordinary controller.",
    )
    .default('adapter'),
  liveness: plainObject<LivenessOptions>(),
  readiness: plainObject<ReadinessOptions>(),
  startup: field<StartupOptions | boolean>(
    'true, false or an object { indicators }',
    (v) => typeof v === 'boolean' || (typeof v === 'object' && v !== null && !Array.isArray(v)),
  ).default(false),
  timeoutMs: milliseconds(1, MAX_MS).default(DEFAULTS.timeoutMs),
  budgetMs: milliseconds(1, MAX_MS).default(DEFAULTS.budgetMs),
  exposeDetails: flag(),
  cacheMs: milliseconds(0, MAX_MS).default(0),
  ...runtimeModeFields({ mode: 'runtimeMode', variable: 'runtimeModeVariable' }),
} satisfies Record<keyof HealthModuleOptions, OptionField<unknown>>;

const limit = (fallback: number | false) =>
  field<number | false>(
    'a positive number, or false to turn the check off',
    (v) => v === false || (typeof v === 'number' && Number.isFinite(v) && v > 0),
  ).default(fallback);

/** Liveness: the process only. Its checks are never cached: they are cheap and must reflect "now". */
const LIVENESS = {
  heapUsedBytes: limit(Math.floor(getHeapStatistics().heap_size_limit * 0.9)),
  rssBytes: limit(false),
  eventLoopDelayMs: limit(DEFAULTS.eventLoopDelayMs),
  indicators: field<unknown>('an array', () => true),
} satisfies Record<keyof LivenessOptions, OptionField<unknown>>;

const READINESS = {
  database: field<unknown>('an object', () => true),
  disk: field<unknown>('an object', () => true),
  contributors: flag().default(true),
  indicators: field<unknown>('an array', () => true),
  overrides: field<unknown>('an object', () => true),
} satisfies Record<keyof ReadinessOptions, OptionField<unknown>>;

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveHealthOptions(
  options: HealthModuleOptions = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedHealthOptions {
  const { values, problems } = readOptions(SPEC, options);
  const { timeoutMs, cacheMs } = values;
  const base: BaseSettings = { timeoutMs, cacheMs };

  const live = readOptions(LIVENESS, values.liveness, { path: 'liveness.' }, problems).values;
  const liveness: ResolvedHealthOptions['liveness'] = {
    heapUsedBytes: live.heapUsedBytes,
    rssBytes: live.rssBytes,
    eventLoopDelayMs: live.eventLoopDelayMs,
    indicators: readIndicators('liveness.indicators', live.indicators, { timeoutMs, cacheMs: 0 }, problems),
  };

  const ready = readOptions(READINESS, values.readiness, { path: 'readiness.' }, problems).values;
  const readiness: ResolvedHealthOptions['readiness'] = {
    contributors: ready.contributors,
    indicators: readIndicators('readiness.indicators', ready.indicators, base, problems),
    overrides: readOverrides(ready.overrides, problems),
  };
  if (ready.database !== undefined) readiness.database = readDatabase(ready.database, base, problems);
  const disk = readDisk(ready.disk, base, problems);
  if (disk) readiness.disk = disk;

  checkUniqueNames(
    'readiness',
    [
      ...readiness.indicators.map((i) => i.name),
      ...(readiness.database ? [readiness.database.name] : []),
      ...(readiness.disk ? ['disk'] : []),
    ],
    problems,
  );
  checkUniqueNames(
    'liveness',
    ['memory_heap', 'memory_rss', 'event_loop', ...liveness.indicators.map((i) => i.name)],
    problems,
  );

  let startup: ResolvedHealthOptions['startup'] = false;
  if (values.startup !== false) {
    const start = values.startup === true ? {} : values.startup;
    const { values: startValues } = readOptions(
      { indicators: LIVENESS.indicators },
      start,
      { path: 'startup.' },
      problems,
    );
    startup = { indicators: readIndicators('startup.indicators', startValues.indicators, base, problems) };
    checkUniqueNames(
      'startup',
      startup.indicators.map((i) => i.name),
      problems,
    );
  }

  const derivedDefaults: string[] = [];
  let exposeDetails = values.exposeDetails ?? false;
  if (values.exposeDetails === undefined && !problems.has('runtimeMode') && !problems.has('runtimeModeVariable')) {
    // Details name hosts, sizes and error messages: shown only when the app said this is not production.
    const runtime = resolveRuntimeMode({
      mode: values.runtimeMode as RuntimeMode | undefined,
      variable: values.runtimeModeVariable,
      env,
    });
    exposeDetails = runtime.mode === 'development' || runtime.mode === 'test';
    const why =
      runtime.mode === 'unknown'
        ? `${runtime.reason}: details need an explicit development or test mode`
        : runtime.reason;
    derivedDefaults.push(`exposeDetails ${exposeDetails} (${why})`);
  }

  problems.throwIfAny(invalidOptions);
  return {
    path: values.path,
    routing: values.routing,
    timeoutMs,
    budgetMs: values.budgetMs,
    exposeDetails,
    cacheMs,
    liveness,
    readiness,
    startup,
    derivedDefaults,
  };
}
