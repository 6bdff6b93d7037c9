import { constants } from 'node:os';
import {
  KUBERNETES_VARIABLE,
  resolveRuntimeMode,
  type RuntimeModeResolution,
  runtimeModeFields,
} from '@ballast/context';
import { field, flag, integer, list, milliseconds, type OptionField, readOptions } from '@ballast/kernel';
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
const catchable = (v: unknown): boolean => typeof v === 'string' && v in constants.signals && !UNCATCHABLE.has(v);
const exitCode = integer(0, 255, 'an integer exit code');

/** Every option, its type and default: a Record, so that adding an option without a field fails to compile. */
const SPEC = {
  signals: list(field<NodeJS.Signals>("a catchable signal name such as 'SIGTERM', 'SIGINT' or 'SIGHUP'", catchable))
    .fix("SIGKILL and SIGSTOP cannot be caught; use e.g. ['SIGTERM', 'SIGINT'].")
    .default([...DEFAULT_SIGNALS]),
  readinessDelayMs: milliseconds(),
  drainTimeoutMs: milliseconds().default(DEFAULT_DRAIN_TIMEOUT_MS),
  hookTimeoutMs: milliseconds(1).default(DEFAULT_HOOK_TIMEOUT_MS),
  timeoutMs: milliseconds(1).default(DEFAULT_TIMEOUT_MS),
  exitCode: exitCode.default(0),
  timeoutExitCode: exitCode.default(1),
  errorExitCode: exitCode.default(1),
  forceExitOnSecondSignal: flag().default(false),
  ...runtimeModeFields({ mode: 'runtimeMode', variable: 'runtimeModeVariable' }),
  exit: flag().default(true),
} satisfies Record<keyof ShutdownModuleOptions, OptionField<unknown>>;

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveShutdownOptions(
  options: ShutdownModuleOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedShutdownOptions {
  const { values, problems } = readOptions(SPEC, options);
  const { runtimeMode, runtimeModeVariable, ...rest } = values;

  const derivedDefaults: string[] = [];
  let readinessDelayMs = values.readinessDelayMs ?? 0;
  if (values.readinessDelayMs === undefined && !problems.has('runtimeMode') && !problems.has('runtimeModeVariable')) {
    const delay = defaultReadinessDelay(resolveRuntimeMode({ mode: runtimeMode, variable: runtimeModeVariable, env }));
    readinessDelayMs = delay.ms;
    derivedDefaults.push(`readinessDelayMs ${delay.ms} (${delay.why})`);
  }
  const { drainTimeoutMs, timeoutMs } = values;
  if (problems.size === 0 && timeoutMs <= readinessDelayMs + drainTimeoutMs) {
    problems.add(
      'timeoutMs',
      `${timeoutMs} leaves no time for hooks and app.close() after readinessDelayMs (${readinessDelayMs}) + ` +
        `drainTimeoutMs (${drainTimeoutMs}); raise timeoutMs above ${readinessDelayMs + drainTimeoutMs} or lower the other two.` +
        (derivedDefaults.length > 0 ? ` (readinessDelayMs was not set: the default is ${derivedDefaults[0]}.)` : ''),
    );
  }
  problems.throwIfAny(invalidOptions);
  return { ...rest, signals: [...new Set(values.signals)], readinessDelayMs, derivedDefaults };
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
