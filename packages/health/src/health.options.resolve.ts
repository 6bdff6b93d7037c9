import { getHeapStatistics } from 'node:v8';
import { type RuntimeMode, resolveRuntimeMode, runtimeModeProblems } from '@ballast/context';
import { DEFAULTS } from './health.constants.js';
import { invalidOptions } from './health.errors.js';
import type {
  HealthCheckSettings,
  HealthIndicatorRegistration,
  HealthModuleOptions,
  ResolvedHealthOptions,
  ResolvedIndicator,
} from './health.options.js';

const TOP_LEVEL_KEYS = [
  'path',
  'routing',
  'liveness',
  'readiness',
  'startup',
  'timeoutMs',
  'budgetMs',
  'exposeDetails',
  'cacheMs',
  'runtimeMode',
  'runtimeModeVariable',
];
const MAX_MS = 2 ** 32 - 1;

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveHealthOptions(
  options: HealthModuleOptions = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedHealthOptions {
  const problems: string[] = [];
  if (options === null || typeof options !== 'object') {
    throw invalidOptions([`options: expected an object, got ${describe(options)}.`]);
  }
  for (const key of Object.keys(options)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      problems.push(`${key}: unknown option. Known options: ${TOP_LEVEL_KEYS.join(', ')}.`);
    }
  }

  const path = resolvePath(options.path, problems);
  const routing = options.routing ?? 'adapter';
  if (routing !== 'adapter' && routing !== 'nest') {
    problems.push(
      `routing: must be 'adapter' (probes beside Nest's router: no global guards, interceptors or prefix) or 'nest' (an ordinary controller), got ${describe(routing)}.`,
    );
  }
  const timeoutMs = ms('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, problems, { min: 1 });
  const budgetMs = ms('budgetMs', options.budgetMs, DEFAULTS.budgetMs, problems, { min: 1 });
  const cacheMs = ms('cacheMs', options.cacheMs, 0, problems, { min: 0 });
  if (options.exposeDetails !== undefined && typeof options.exposeDetails !== 'boolean') {
    problems.push(`exposeDetails: must be a boolean (true or false), got ${describe(options.exposeDetails)}.`);
  }
  const derivedDefaults: string[] = [];
  const modeProblems = runtimeModeProblems(
    { mode: options.runtimeMode, variable: options.runtimeModeVariable },
    { mode: 'runtimeMode', variable: 'runtimeModeVariable' },
  );
  problems.push(...modeProblems);
  let exposeDetails = options.exposeDetails ?? false;
  if (options.exposeDetails === undefined && modeProblems.length === 0) {
    // Details name hosts, sizes and error messages: shown only when the app said this is not production.
    const runtime = resolveRuntimeMode({
      mode: options.runtimeMode as RuntimeMode | undefined,
      variable: options.runtimeModeVariable,
      env,
    });
    exposeDetails = runtime.mode === 'development' || runtime.mode === 'test';
    const why =
      runtime.mode === 'unknown'
        ? `${runtime.reason}: details need an explicit development or test mode`
        : runtime.reason;
    derivedDefaults.push(`exposeDetails ${exposeDetails} (${why})`);
  }
  const base = { timeoutMs, cacheMs };

  // Liveness: the process only. Its checks are never cached: they are cheap and must reflect "now".
  const live = objectOption('liveness', options.liveness, problems) ?? {};
  const liveness: ResolvedHealthOptions['liveness'] = {
    heapUsedBytes: limit(
      'liveness.heapUsedBytes',
      live.heapUsedBytes,
      Math.floor(getHeapStatistics().heap_size_limit * 0.9),
      problems,
    ),
    rssBytes: limit('liveness.rssBytes', live.rssBytes, false, problems),
    eventLoopDelayMs: limit('liveness.eventLoopDelayMs', live.eventLoopDelayMs, DEFAULTS.eventLoopDelayMs, problems),
    indicators: indicators('liveness.indicators', live.indicators, { timeoutMs, cacheMs: 0 }, problems),
  };

  const ready = objectOption('readiness', options.readiness, problems) ?? {};
  const readiness: ResolvedHealthOptions['readiness'] = {
    contributors: bool('readiness.contributors', ready.contributors, true, problems),
    indicators: indicators('readiness.indicators', ready.indicators, base, problems),
    overrides: {},
  };
  if (ready.database !== undefined) {
    const db = objectOption('readiness.database', ready.database, problems);
    if (db) {
      if (db.kind !== 'typeorm' && db.kind !== 'prisma') {
        problems.push(
          `readiness.database.kind: must be 'typeorm' or 'prisma', got ${describe((db as { kind?: unknown }).kind)}. ` +
            `For another database, register a custom indicator in readiness.indicators.`,
        );
      } else if (db.kind === 'prisma' && (db.client === null || typeof db.client !== 'object')) {
        problems.push(`readiness.database.client: pass your PrismaClient instance (kind 'prisma' needs it).`);
      }
      const name = db.name ?? 'database';
      if (typeof name !== 'string' || name === '') {
        problems.push(`readiness.database.name: must be a non-empty string, got ${describe(db.name)}.`);
      }
      readiness.database = { ...db, name, ...settings('readiness.database', db, base, problems) };
    }
  }
  if (ready.disk !== undefined && ready.disk !== false) {
    const disk = ready.disk === true ? {} : objectOption('readiness.disk', ready.disk, problems);
    if (disk) {
      const thresholdPercent = disk.thresholdPercent ?? DEFAULTS.diskThresholdPercent;
      if (typeof thresholdPercent !== 'number' || !(thresholdPercent > 0 && thresholdPercent <= 1)) {
        problems.push(
          `readiness.disk.thresholdPercent: must be a fraction in (0, 1], e.g. 0.9 for 90%, got ${describe(disk.thresholdPercent)}.`,
        );
      }
      if (disk.path !== undefined && (typeof disk.path !== 'string' || disk.path === '')) {
        problems.push(`readiness.disk.path: must be a non-empty path, got ${describe(disk.path)}.`);
      }
      readiness.disk = {
        path: disk.path ?? '/',
        thresholdPercent,
        ...settings('readiness.disk', disk, base, problems),
      };
    }
  }
  if (ready.overrides !== undefined) {
    const overrides = objectOption('readiness.overrides', ready.overrides, problems) ?? {};
    for (const [name, value] of Object.entries(overrides)) {
      const entry = objectOption(`readiness.overrides.${name}`, value, problems);
      if (entry) {
        const checked = settings(`readiness.overrides.${name}`, entry, base, problems);
        readiness.overrides[name] = {
          ...(entry.critical !== undefined && { critical: checked.critical }),
          ...(entry.timeoutMs !== undefined && { timeoutMs: checked.timeoutMs }),
          ...(entry.cacheMs !== undefined && { cacheMs: checked.cacheMs }),
        };
      }
    }
  }
  const readyNames = [
    ...readiness.indicators.map((i) => i.name),
    ...(readiness.database ? [readiness.database.name] : []),
    ...(readiness.disk ? ['disk'] : []),
  ];
  duplicates('readiness', readyNames, problems);
  duplicates(
    'liveness',
    ['memory_heap', 'memory_rss', 'event_loop', ...liveness.indicators.map((i) => i.name)],
    problems,
  );

  let startup: ResolvedHealthOptions['startup'] = false;
  if (options.startup !== undefined && options.startup !== false) {
    const start = options.startup === true ? {} : objectOption('startup', options.startup, problems);
    if (start) {
      startup = { indicators: indicators('startup.indicators', start.indicators, base, problems) };
      duplicates(
        'startup',
        startup.indicators.map((i) => i.name),
        problems,
      );
    }
  }

  if (problems.length > 0) throw invalidOptions(problems);
  return { path, routing, timeoutMs, budgetMs, exposeDetails, cacheMs, liveness, readiness, startup, derivedDefaults };
}

function resolvePath(value: unknown, problems: string[]): string {
  if (value === undefined) return DEFAULTS.path;
  if (typeof value !== 'string') {
    problems.push(`path: must be a string such as 'health' or 'internal/health', got ${describe(value)}.`);
    return DEFAULTS.path;
  }
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  if (trimmed === '' || !/^[A-Za-z0-9._~\-/]+$/.test(trimmed) || trimmed.includes('//')) {
    problems.push(
      `path: ${JSON.stringify(value)} is not a plain URL path; use letters, digits, '-', '_', '.', '~' and '/' (e.g. 'health').`,
    );
    return DEFAULTS.path;
  }
  return trimmed;
}

function indicators(
  label: string,
  value: unknown,
  base: { timeoutMs: number; cacheMs: number },
  problems: string[],
): ResolvedIndicator[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${label}: must be an array of { name, use }, got ${describe(value)}.`);
    return [];
  }
  const out: ResolvedIndicator[] = [];
  value.forEach((raw: HealthIndicatorRegistration, index) => {
    const at = `${label}[${index}]`;
    if (raw === null || typeof raw !== 'object') {
      problems.push(`${at}: must be an object { name, use }, got ${describe(raw)}.`);
      return;
    }
    if (typeof raw.name !== 'string' || raw.name === '') {
      problems.push(`${at}.name: must be a non-empty string (the key in the probe result), got ${describe(raw.name)}.`);
    }
    const use = raw.use as unknown;
    const usable =
      typeof use === 'function' ||
      (use !== null && typeof use === 'object' && typeof (use as { check?: unknown }).check === 'function');
    if (!usable) {
      problems.push(
        `${at}.use: must be a class or an object with a check() method (BallastHealthIndicator), got ${describe(use)}.`,
      );
    }
    out.push({ name: raw.name, use: raw.use, ...settings(at, raw, base, problems) });
  });
  return out;
}

function settings(
  label: string,
  value: HealthCheckSettings,
  base: { timeoutMs: number; cacheMs: number },
  problems: string[],
): { critical: boolean; timeoutMs: number; cacheMs: number } {
  return {
    critical: bool(`${label}.critical`, value.critical, true, problems),
    timeoutMs: ms(`${label}.timeoutMs`, value.timeoutMs, base.timeoutMs, problems, { min: 1 }),
    cacheMs: ms(`${label}.cacheMs`, value.cacheMs, base.cacheMs, problems, { min: 0 }),
  };
}

function duplicates(label: string, names: unknown[], problems: string[]): void {
  const seen = new Set<unknown>();
  for (const name of names) {
    if (seen.has(name)) {
      problems.push(`${label}: two checks are named ${JSON.stringify(name)}; give each check a unique name.`);
    }
    seen.add(name);
  }
}

function ms(label: string, value: unknown, fallback: number, problems: string[], { min }: { min: number }): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_MS) {
    problems.push(`${label}: must be a whole number of milliseconds >= ${min}, got ${describe(value)}.`);
    return fallback;
  }
  return value;
}

function limit(label: string, value: unknown, fallback: number | false, problems: string[]): number | false {
  if (value === undefined) return fallback;
  if (value === false) return false;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    problems.push(`${label}: must be a positive number, or false to turn the check off, got ${describe(value)}.`);
    return fallback;
  }
  return value;
}

function bool(label: string, value: unknown, fallback: boolean, problems: string[]): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    problems.push(`${label}: must be a boolean (true or false), got ${describe(value)}.`);
    return fallback;
  }
  return value;
}

function objectOption<T>(label: string, value: T | undefined, problems: string[]): T | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${label}: must be an object, got ${describe(value)}.`);
    return undefined;
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}
