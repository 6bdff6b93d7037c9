import { invalidOptions } from './logger.errors.js';
import type { LoggerModuleOptions, ResolvedLoggerOptions } from './logger.options.js';

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveLoggerOptions(options: LoggerModuleOptions = {}): ResolvedLoggerOptions {
  const problems: string[] = [];
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    problems.push(`enabled: must be a boolean (true or false), got ${typeof options.enabled}.`);
  }
  if (problems.length > 0) throw invalidOptions(problems);
  return { enabled: options.enabled ?? true };
}
