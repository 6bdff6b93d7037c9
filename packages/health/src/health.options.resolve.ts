import { invalidOptions } from './health.errors.js';
import type { HealthModuleOptions, ResolvedHealthOptions } from './health.options.js';

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveHealthOptions(options: HealthModuleOptions = {}): ResolvedHealthOptions {
  const problems: string[] = [];
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    problems.push(`enabled: must be a boolean (true or false), got ${typeof options.enabled}.`);
  }
  if (problems.length > 0) throw invalidOptions(problems);
  return { enabled: options.enabled ?? true };
}
