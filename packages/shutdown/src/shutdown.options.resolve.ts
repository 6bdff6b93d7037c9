import { invalidOptions } from './shutdown.errors.js';
import type { ShutdownModuleOptions, ResolvedShutdownOptions } from './shutdown.options.js';

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveShutdownOptions(options: ShutdownModuleOptions = {}): ResolvedShutdownOptions {
  const problems: string[] = [];
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    problems.push(`enabled: must be a boolean (true or false), got ${typeof options.enabled}.`);
  }
  if (problems.length > 0) throw invalidOptions(problems);
  return { enabled: options.enabled ?? true };
}
