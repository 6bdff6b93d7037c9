import { basename } from 'node:path';
import type { ConfigProblem } from '../config.errors.js';
import type { EnvRecord } from '../config.namespace.js';
import { copiedFromEnvFile, readEnvFiles } from './env-files.js';

/** Where a value came from. */
export type ConfigSource = 'env' | 'file' | 'provided' | 'default';

/** A variable's text as read (before validation), and where it came from. @internal */
export interface RawValue {
  value: string;
  source: Exclude<ConfigSource, 'default'>;
  from?: string;
}

/** What the sources are read from: the `.env` files, the `values` option and the environment. @internal */
export interface SourceInput {
  env: EnvRecord;
  /** Files to read, highest precedence first. */
  envFiles: readonly string[];
  expandVariables?: boolean;
  values?: Record<string, string | undefined>;
}

/**
 * Every variable's raw value and source: `.env` files, then `values`, then the environment (winning). A file the
 * loader cannot read or parse is added to `problems`. `fromEnvFiles` holds the values that came from a file, to copy
 * into `process.env` like @nestjs/config does. @internal
 */
export function collectSources(
  input: SourceInput,
  problems: ConfigProblem[],
): { raw: Map<string, RawValue>; fromEnvFiles: Record<string, string> } {
  const raw = new Map<string, RawValue>();
  for (const [key, entry] of readEnvFiles(input.envFiles, input.env, input.expandVariables ?? false, problems)) {
    raw.set(key, { value: entry.value, source: 'file', from: basename(entry.file) });
  }
  for (const [key, value] of Object.entries(input.values ?? {})) {
    if (typeof value === 'string') raw.set(key, { value, source: 'provided' });
  }
  for (const [key, value] of Object.entries(input.env)) {
    if (typeof value !== 'string') continue;
    // A value ballast itself copied from this .env file into process.env is still the file's.
    const current = raw.get(key);
    if (
      input.env === process.env &&
      current?.source === 'file' &&
      current.value === value &&
      copiedFromEnvFile(key, value)
    ) {
      continue;
    }
    raw.set(key, { value, source: 'env' });
  }
  const fromEnvFiles: Record<string, string> = {};
  for (const [key, { value, source }] of raw) if (source === 'file') fromEnvFiles[key] = value;
  return { raw, fromEnvFiles };
}

/** Where a raw value came from, for a message: `.env.local`, `the process environment`, `the values option`. @internal */
export function origin(value: RawValue): string {
  if (value.source === 'env') return 'the process environment';
  if (value.source === 'provided') return 'the values option';
  return value.from ?? 'an .env file';
}
