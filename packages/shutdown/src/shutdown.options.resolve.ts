import { constants } from 'node:os';
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_HOOK_TIMEOUT_MS,
  DEFAULT_PRODUCTION_READINESS_DELAY_MS,
  DEFAULT_SIGNALS,
  DEFAULT_TIMEOUT_MS,
} from './shutdown.constants.js';
import { invalidOptions } from './shutdown.errors.js';
import type { ResolvedShutdownOptions, ShutdownModuleOptions } from './shutdown.options.js';

/** Signals that cannot be caught, and so cannot start a graceful shutdown. */
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveShutdownOptions(
  options: ShutdownModuleOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedShutdownOptions {
  const problems: string[] = [];
  const o = (options ?? {}) as Record<string, unknown>;

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

  const production = env.NODE_ENV === 'production';
  const readinessDelayMs = duration('readinessDelayMs', production ? DEFAULT_PRODUCTION_READINESS_DELAY_MS : 0);
  const drainTimeoutMs = duration('drainTimeoutMs', DEFAULT_DRAIN_TIMEOUT_MS);
  const hookTimeoutMs = duration('hookTimeoutMs', DEFAULT_HOOK_TIMEOUT_MS, 1);
  const timeoutMs = duration('timeoutMs', DEFAULT_TIMEOUT_MS, 1);
  if (problems.length === 0 && timeoutMs <= readinessDelayMs + drainTimeoutMs) {
    problems.push(
      `timeoutMs: ${timeoutMs} leaves no time for hooks and app.close() after readinessDelayMs (${readinessDelayMs}) + drainTimeoutMs (${drainTimeoutMs}); raise timeoutMs above ${readinessDelayMs + drainTimeoutMs} or lower the other two.`,
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
  };
  if (problems.length > 0) throw invalidOptions(problems);
  return resolved;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
