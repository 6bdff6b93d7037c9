import type { ConfigModuleExtras, ConfigModuleOptions } from './config.options.js';
import { resolveConfigOptions } from './config.options.resolve.js';
import { formatEntries, type ConfigEntry } from './loader/entries.js';
import { loadConfig, loadConfigAsync, type LoadedConfig } from './loader/load-config.js';

/** What the environment is checked against without Nest: `forRoot`'s options plus the namespaces. */
export type EnvCheckOptions = ConfigModuleOptions & Pick<ConfigModuleExtras, 'namespaces'>;

/** What `validateEnv()` returns. */
export interface ValidatedEnv {
  /** Validated, coerced values of every declared variable. */
  values: Record<string, unknown>;
  /** Each namespace's value, by namespace name. */
  namespaces: Record<string, unknown>;
  /** Each declared variable, its value or `[REDACTED]`, and its source (see `BallastConfigService.describe()`). */
  entries: ConfigEntry[];
  /** `entries` as text lines. */
  lines: string[];
  /** Typo warnings (see the `typoWarnings` option). */
  warnings: string[];
}

/**
 * Loads and validates the configuration exactly as `BallastConfigModule.forRoot()` would (same options, `.env`
 * files, `NAME_FILE`, namespaces), without Nest. Throws a `BallastConfigError` listing every problem.
 *
 * Not a start-up path (an app's `main.ts` uses `bootstrapWithConfig`): for tools that check an environment and
 * handle the error themselves — a deploy script, a CI step, a test.
 */
export function validateEnv(options: EnvCheckOptions = {}): ValidatedEnv {
  const { namespaces = [], ...rest } = options;
  return validated(loadConfig(resolveConfigOptions(rest, namespaces)));
}

/** `validateEnv()` for schemas that validate asynchronously (a Standard Schema's async refinements); works for any. */
export async function validateEnvAsync(options: EnvCheckOptions = {}): Promise<ValidatedEnv> {
  const { namespaces = [], ...rest } = options;
  return validated(await loadConfigAsync(resolveConfigOptions(rest, namespaces)));
}

function validated(loaded: LoadedConfig): ValidatedEnv {
  return {
    values: loaded.values,
    namespaces: loaded.namespaces,
    entries: loaded.entries,
    lines: formatEntries(loaded.entries),
    warnings: loaded.warnings,
  };
}
