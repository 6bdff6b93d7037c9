import { getHeapStatistics } from 'node:v8';
import { type RuntimeMode, resolveRuntimeMode, runtimeModeFields } from '@ballast/context';
import {
  field,
  flag,
  func,
  integer,
  milliseconds,
  oneOf,
  type OptionField,
  type OptionProblems,
  plainObject,
  readOptions,
  text,
} from '@ballast/kernel';
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
import type {
  HealthModuleOptions,
  LivenessOptions,
  ManagementOptions,
  MetricsRequestHandler,
  ReadinessOptions,
  StartupOptions,
} from './health.options.js';
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
  management: plainObject<ManagementOptions>(),
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

const PORT_FIX = 'Pass the port the management server listens on, e.g. 9464 (0 picks a free port, for tests).';

const MANAGEMENT = {
  port: integer(0, 65_535, 'an integer port number').fix(PORT_FIX),
  host: text().fix("Pass an address such as '0.0.0.0' or '127.0.0.1', or leave it out to listen on every interface."),
  metrics: func<MetricsRequestHandler>().fix(
    'Pass a (request, response) => void handler, e.g. (req, res) => exporter.getMetricsRequestHandler(req, res).',
  ),
  probesOnMainPort: flag().default(true),
} satisfies Record<keyof ManagementOptions, OptionField<unknown>>;

/** The management server's options; `port` has no default (two apps on one host must not fight over one). */
function readManagement(input: ManagementOptions | undefined, problems: OptionProblems) {
  if (input === undefined) return { probesOnMainPort: true, management: undefined };
  const { values } = readOptions(MANAGEMENT, input, { path: 'management.' }, problems);
  if (values.port === undefined && !problems.has('management.port')) {
    problems.add('management.port', `is required with management. ${PORT_FIX}`);
  }
  const management: ResolvedHealthOptions['management'] = { port: values.port ?? 0 };
  if (values.host !== undefined) management.host = values.host;
  if (values.metrics !== undefined) management.metrics = values.metrics;
  return { probesOnMainPort: values.probesOnMainPort, management };
}

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

  const { probesOnMainPort, management } = readManagement(values.management, problems);

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
    probesOnMainPort,
    ...(management && { management }),
    derivedDefaults,
  };
}
