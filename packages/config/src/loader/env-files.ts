import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import { PROBLEM_CODES, type ConfigProblem } from '../config.errors.js';

/** The default cascade, highest precedence first: `.env.${NODE_ENV}.local`, `.env.${NODE_ENV}`, `.env.local`, `.env`. @internal */
export function defaultEnvFiles(dir: string, nodeEnv: string | undefined): string[] {
  const env = nodeEnv?.trim();
  const names = env ? [`.env.${env}.local`, `.env.${env}`, '.env.local', '.env'] : ['.env.local', '.env'];
  return names.map((name) => resolve(dir, name));
}

export interface EnvFileValue {
  value: string;
  /** The file the value came from. */
  file: string;
}

/**
 * Reads `files` (highest precedence first; missing files are skipped) into one record, the first file to define a
 * variable winning. With `expandVariables`, `${VAR}` references are expanded by dotenv-expand against the merged
 * files and the real environment (which wins), without writing to `process.env`. @internal
 */
export function readEnvFiles(
  files: readonly string[],
  env: Record<string, string | undefined>,
  expandVariables: boolean,
  problems: ConfigProblem[],
): Map<string, EnvFileValue> {
  const merged = new Map<string, EnvFileValue>();
  for (const file of files) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problems.push({
        key: file,
        message: `this .env file exists but cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        code: PROBLEM_CODES.envFileUnreadable,
      });
      continue;
    }
    for (const [key, value] of Object.entries(parse(content))) {
      if (!merged.has(key)) merged.set(key, { value, file });
    }
  }
  if (expandVariables && merged.size > 0) {
    const parsed: Record<string, string> = {};
    for (const [key, { value }] of merged) parsed[key] = value;
    const processEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) if (value !== undefined) processEnv[key] = value;
    const expanded = expand({ parsed, processEnv }).parsed ?? parsed;
    for (const [key, entry] of merged) merged.set(key, { ...entry, value: expanded[key] ?? entry.value });
  }
  return merged;
}

/** What ballast copied from `.env` files into `process.env`, so a later load still reports them as file values. */
const copied = new Map<string, string>();

/**
 * Copies `.env` values into `process.env`, never overriding a variable already set, as @nestjs/config does, and
 * remembers them so `loadConfig` still names their file. Returns the keys it copied. @internal
 */
export function copyToProcessEnv(values: Iterable<[string, string]>): string[] {
  const keys: string[] = [];
  for (const [key, value] of values) {
    if (key in process.env) continue;
    process.env[key] = value;
    copied.set(key, value);
    keys.push(key);
  }
  return keys;
}

/** True when `process.env[key]` holds what ballast copied there from an `.env` file. @internal */
export function copiedFromEnvFile(key: string, value: string): boolean {
  return copied.get(key) === value;
}
