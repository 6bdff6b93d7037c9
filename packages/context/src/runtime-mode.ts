import { anyValue, field, oneOf, type OptionField, readOptions } from '@ballast/kernel';
import { invalidRuntimeMode } from './context.errors.js';

/** What kind of run this is. Production is the safe side: nothing internal is exposed, shutdown waits for routing. */
export type RuntimeMode = 'production' | 'development' | 'test';

/** The three modes, as accepted by `runtimeMode` options. */
export const RUNTIME_MODES: readonly RuntimeMode[] = ['production', 'development', 'test'];

/** The variable read when the app names none. */
export const DEFAULT_RUNTIME_MODE_VARIABLE = 'NODE_ENV';

/** Set by Kubernetes in every container of a pod (the API server's service address). */
export const KUBERNETES_VARIABLE = 'KUBERNETES_SERVICE_HOST';

/**
 * Values of the mode variable, compared trimmed and case-insensitively. Any other non-empty value means production
 * (`staging`, `qa`, `preprod`, a typo): the safe side. An empty value counts as not set.
 */
export const RUNTIME_MODE_SPELLINGS: Readonly<Record<RuntimeMode, readonly string[]>> = {
  production: ['production', 'prod'],
  development: ['development', 'dev', 'develop', 'local'],
  test: ['test', 'testing'],
};

/** Where to look for the mode; every field is optional. */
export interface RuntimeModeOptions {
  /**
   * The mode, stated by the app: wins over every variable.
   * @default undefined (read the variable)
   */
  mode?: RuntimeMode;
  /**
   * The environment variable that holds the mode, e.g. `'APP_ENV'`. Only this variable is read.
   * @default 'NODE_ENV'
   */
  variable?: string;
  /**
   * The environment to read (tests pass their own).
   * @default process.env
   */
  env?: Record<string, string | undefined>;
}

/** The mode, where it came from, and why, as one sentence fit for a log line. */
export interface RuntimeModeResolution {
  /** `unknown` when nothing says: no explicit mode, the variable not set, not in Kubernetes. */
  mode: RuntimeMode | 'unknown';
  /**
   * `option`: the app passed the mode; `variable`: read from the mode variable (an unknown value included);
   * `kubernetes`: the variable is not set and `KUBERNETES_SERVICE_HOST` is; `none`: nothing says.
   */
  source: 'option' | 'variable' | 'kubernetes' | 'none';
  /** `KUBERNETES_SERVICE_HOST` is set, whatever decided the mode. */
  kubernetes: boolean;
  /** The variable that was (or would have been) read. */
  variable: string;
  /**
   * Why, naming the variable and its value: `NODE_ENV is "production"`,
   * `APP_ENV is "staging", not a known spelling: treated as production`,
   * `KUBERNETES_SERVICE_HOST is set: running in Kubernetes`, `NODE_ENV is not set, not running in Kubernetes`.
   */
  reason: string;
}

/**
 * Resolves the runtime mode, in this order:
 * 1. `mode`, when the app passes one;
 * 2. the mode variable (`NODE_ENV`, or the one named by `variable`), mapped by {@link RUNTIME_MODE_SPELLINGS}; any
 *    other non-empty value is production;
 * 3. `KUBERNETES_SERVICE_HOST` set: production;
 * 4. otherwise `unknown`: each behaviour then chooses its safe default.
 *
 * @throws BallastContextError `BALLAST_CONTEXT_INVALID_RUNTIME_MODE` when `mode` or `variable` is not valid.
 * @example resolveRuntimeMode({ variable: 'APP_ENV' }) // APP_ENV=prod → { mode: 'production', reason: 'APP_ENV is "prod"', ... }
 */
export function resolveRuntimeMode(options: RuntimeModeOptions = {}): RuntimeModeResolution {
  readOptions(OWN_FIELDS, options).problems.throwIfAny(invalidRuntimeMode);
  const env = options.env ?? process.env;
  const variable = options.variable ?? DEFAULT_RUNTIME_MODE_VARIABLE;
  const kubernetes = nonEmpty(env[KUBERNETES_VARIABLE]);
  if (options.mode !== undefined) {
    return {
      mode: options.mode,
      source: 'option',
      kubernetes,
      variable,
      reason: `mode "${options.mode}" set by the app`,
    };
  }
  const raw = env[variable];
  if (nonEmpty(raw)) {
    const value = raw.trim().toLowerCase();
    const known = RUNTIME_MODES.find((mode) => RUNTIME_MODE_SPELLINGS[mode].includes(value));
    const shown = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
    return known
      ? { mode: known, source: 'variable', kubernetes, variable, reason: `${variable} is ${shown}` }
      : {
          mode: 'production',
          source: 'variable',
          kubernetes,
          variable,
          reason: `${variable} is ${shown}, not a known spelling: treated as production`,
        };
  }
  if (kubernetes) {
    return {
      mode: 'production',
      source: 'kubernetes',
      kubernetes,
      variable,
      reason: `${KUBERNETES_VARIABLE} is set: running in Kubernetes`,
    };
  }
  return {
    mode: 'unknown',
    source: 'none',
    kubernetes,
    variable,
    reason: `${variable} is not set, not running in Kubernetes`,
  };
}

/**
 * The option fields of a mode and of its variable, under the names the calling module gives them (`runtimeMode` /
 * `runtimeModeVariable` in health and shutdown, `mode` / `variable` here), for its option spec. @internal
 */
export function runtimeModeFields<M extends string, V extends string>(names: {
  mode: M;
  variable: V;
}): Record<M, OptionField<RuntimeMode, false>> & Record<V, OptionField<string, false>> {
  return {
    [names.mode]: oneOf(RUNTIME_MODES).fix(
      `To read the mode from another environment variable, set ${names.variable} instead.`,
    ),
    [names.variable]: field<string>(
      "an environment variable name such as 'APP_ENV'",
      (v) => typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v),
    ),
  } as Record<M, OptionField<RuntimeMode, false>> & Record<V, OptionField<string, false>>;
}

const OWN_FIELDS = { ...runtimeModeFields({ mode: 'mode', variable: 'variable' }), env: anyValue() };

function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
