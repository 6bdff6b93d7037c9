import { REDACTED } from '../config.constants.js';
import type { DeclaredVariable } from './declared.js';
import type { SecretValues } from './secret-values.js';
import { redactUrl } from './secrets.js';
import type { ConfigSource, RawValue } from './sources.js';

/** One line of `describe()`: a variable, its value (or `[REDACTED]`) and where it came from. */
export interface ConfigEntry {
  /** The variable, e.g. `PORT`. */
  key: string;
  /** The validated value as text, `[REDACTED]` for a secret, a URL with its password redacted; undefined when unset. */
  value: string | undefined;
  /**
   * `env`: the process environment; `file`: an `.env` file or a `NAME_FILE` mounted secret; `provided`: the `values`
   * option; `default`: the schema's default. Undefined when unset.
   */
  source: ConfigSource | undefined;
  /** Detail of the source: the `.env` file's name, or `DB_PASSWORD_FILE` for a mounted secret. */
  from?: string;
  /** True when the value is treated as secret. */
  secret: boolean;
  /** The namespaces that declare it (empty for the root schema only). */
  namespaces: string[];
}

/** A validated value as text: dates in ISO form, objects as JSON; undefined when unset. @internal */
export function display(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** One entry per declared variable: its validated value (secrets redacted) and where it came from. @internal */
export function describeEntries(
  declared: ReadonlyMap<string, DeclaredVariable>,
  raw: ReadonlyMap<string, RawValue>,
  values: Record<string, unknown>,
  secrets: SecretValues,
): ConfigEntry[] {
  return [...declared].map(([key, info]) => {
    const source = raw.get(key);
    const text = display(values[key]);
    return {
      key,
      value: text === undefined ? undefined : info.secret ? REDACTED : secrets.scrub(redactUrl(text)),
      source: source?.source ?? (values[key] === undefined ? undefined : 'default'),
      ...(source?.from ? { from: source.from } : {}),
      secret: info.secret,
      namespaces: info.namespaces,
    };
  });
}

/** The `describe()` table as text lines, e.g. `DB_PASSWORD=[REDACTED] (file: DB_PASSWORD_FILE)`. */
export function formatEntries(entries: readonly ConfigEntry[]): string[] {
  return entries.map((entry) => {
    const where = entry.source ? `${entry.source}${entry.from ? `: ${entry.from}` : ''}` : 'unset';
    return `${entry.key}=${entry.value ?? ''} (${where})`;
  });
}
