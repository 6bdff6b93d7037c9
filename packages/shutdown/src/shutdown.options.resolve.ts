import { constants } from 'node:os';
import {
  KUBERNETES_VARIABLE,
  resolveRuntimeMode,
  type RuntimeMode,
  type RuntimeModeResolution,
  runtimeModeProblems,
} from '@ballast/context';
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_HOOK_TIMEOUT_MS,
  DEFAULT_PRODUCTION_READINESS_DELAY_MS,
  DEFAULT_SIGNALS,
  DEFAULT_TIMEOUT_MS,
} from './shutdown.constants.js';
import { invalidOptions } from './shutdown.errors.js';
import type { ResolvedShutdownOptions, ShutdownModuleOptions } from './shutdown.options.js';

/** Every option of ShutdownModuleOptions: a Record, so that adding an option without listing it here fails to compile. */
const KNOWN_OPTIONS: Record<keyof ShutdownModuleOptions, true> = {
  signals: true,
  readinessDelayMs: true,
  drainTimeoutMs: true,
  hookTimeoutMs: true,
  timeoutMs: true,
  exitCode: true,
  timeoutExitCode: true,
  errorExitCode: true,
  forceExitOnSecondSignal: true,
  runtimeMode: true,
  runtimeModeVariable: true,
  exit: true,
};
const KNOWN = Object.keys(KNOWN_OPTIONS);
// The extra of forRoot/forRootAsync (ConfigurableModuleBuilder); a forRootAsync factory may return it. Not ours to refuse.
const EXTRAS = new Set(['isGlobal']);

/** Signals that cannot be caught, and so cannot start a graceful shutdown. */
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveShutdownOptions(
  options: ShutdownModuleOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedShutdownOptions {
  const problems: string[] = [];
  const o = (options ?? {}) as Record<string, unknown>;
  if (typeof o === 'object') {
    for (const key of Object.keys(o)) {
      if (!KNOWN.includes(key) && !EXTRAS.has(key)) problems.push(unknownOption(key, KNOWN));
    }
  }

  const duration = (name: keyof ShutdownModuleOptions, fallback: number, min = 0): number => {
    const value = o[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      problems.push(`${name}: must be an integer number of milliseconds >= ${min}, got ${describe(value)}.`);
      return fallback;
    }
    return value;
  };
  const exitCode = (name: keyof ShutdownModuleOptions, fallback: number): number => {
    const value = o[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
      problems.push(`${name}: must be an integer exit code from 0 to 255, got ${describe(value)}.`);
      return fallback;
    }
    return value;
  };
  const flag = (name: keyof ShutdownModuleOptions, fallback: boolean): boolean => {
    const value = o[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      problems.push(`${name}: must be a boolean (true or false), got ${describe(value)}.`);
      return fallback;
    }
    return value;
  };

  let signals: NodeJS.Signals[] = [...DEFAULT_SIGNALS];
  if (o.signals !== undefined) {
    if (!Array.isArray(o.signals)) {
      problems.push(
        `signals: must be an array of signal names such as ['SIGTERM', 'SIGINT'], got ${describe(o.signals)}.`,
      );
    } else {
      const bad = o.signals.filter((s) => typeof s !== 'string' || !(s in constants.signals) || UNCATCHABLE.has(s));
      if (bad.length > 0) {
        problems.push(
          `signals: ${bad.map(describe).join(', ')} cannot be handled; use catchable signal names such as 'SIGTERM', 'SIGINT' or 'SIGHUP'.`,
        );
      } else {
        signals = [...new Set(o.signals as NodeJS.Signals[])];
      }
    }
  }

  const derivedDefaults: string[] = [];
  const modeProblems = runtimeModeProblems(
    { mode: o.runtimeMode, variable: o.runtimeModeVariable },
    { mode: 'runtimeMode', variable: 'runtimeModeVariable' },
  );
  problems.push(...modeProblems);
  let readinessDelayMs = duration('readinessDelayMs', 0);
  if (o.readinessDelayMs === undefined && modeProblems.length === 0) {
    const delay = defaultReadinessDelay(
      resolveRuntimeMode({
        mode: o.runtimeMode as RuntimeMode | undefined,
        variable: o.runtimeModeVariable as string | undefined,
        env,
      }),
    );
    readinessDelayMs = delay.ms;
    derivedDefaults.push(`readinessDelayMs ${delay.ms} (${delay.why})`);
  }
  const drainTimeoutMs = duration('drainTimeoutMs', DEFAULT_DRAIN_TIMEOUT_MS);
  const hookTimeoutMs = duration('hookTimeoutMs', DEFAULT_HOOK_TIMEOUT_MS, 1);
  const timeoutMs = duration('timeoutMs', DEFAULT_TIMEOUT_MS, 1);
  if (problems.length === 0 && timeoutMs <= readinessDelayMs + drainTimeoutMs) {
    problems.push(
      `timeoutMs: ${timeoutMs} leaves no time for hooks and app.close() after readinessDelayMs (${readinessDelayMs}) + drainTimeoutMs (${drainTimeoutMs}); raise timeoutMs above ${readinessDelayMs + drainTimeoutMs} or lower the other two.` +
        (derivedDefaults.length > 0 ? ` (readinessDelayMs was not set: the default is ${derivedDefaults[0]}.)` : ''),
    );
  }

  const resolved: ResolvedShutdownOptions = {
    signals,
    readinessDelayMs,
    drainTimeoutMs,
    hookTimeoutMs,
    timeoutMs,
    exitCode: exitCode('exitCode', 0),
    timeoutExitCode: exitCode('timeoutExitCode', 1),
    errorExitCode: exitCode('errorExitCode', 1),
    forceExitOnSecondSignal: flag('forceExitOnSecondSignal', false),
    exit: flag('exit', true),
    derivedDefaults,
  };
  if (problems.length > 0) throw invalidOptions(problems);
  return resolved;
}

/**
 * The readiness delay lets endpoints be removed before the server stops accepting: needed wherever a load balancer
 * routes to the process, i.e. in production and in Kubernetes whatever the mode says, except in a stated test run.
 * Without any sign (mode unknown, not in Kubernetes) no delay: a local Ctrl+C stops at once.
 */
function defaultReadinessDelay(runtime: RuntimeModeResolution): { ms: number; why: string } {
  if (runtime.mode === 'test') return { ms: 0, why: runtime.reason };
  if (runtime.mode === 'production') return { ms: DEFAULT_PRODUCTION_READINESS_DELAY_MS, why: runtime.reason };
  if (runtime.kubernetes) {
    return {
      ms: DEFAULT_PRODUCTION_READINESS_DELAY_MS,
      why: `${KUBERNETES_VARIABLE} is set: running in Kubernetes, although ${runtime.reason}`,
    };
  }
  return { ms: 0, why: runtime.reason };
}

/** "key: unknown option", with the closest known option (any case, or a small typo), else the list of them. */
function unknownOption(key: string, known: string[]): string {
  const match = closest(key, known);
  return match === undefined
    ? `${key}: unknown option; the options are ${known.join(', ')}.`
    : `${key}: unknown option; did you mean ${match}?`;
}

function closest(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const max = lower.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
