import { resolve } from 'node:path';
import { invalidOptions } from './config.errors.js';
import { isConfigNamespace, type ConfigNamespace } from './config.namespace.js';
import type { ConfigModuleOptions, ResolvedConfigOptions } from './config.options.js';
import { isJoiSchema } from './joi.js';
import { defaultEnvFiles } from './loader/env-files.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const KNOWN_OPTIONS = new Set([
  'schema',
  'envFilePath',
  'envDir',
  'ignoreEnvFile',
  'expandVariables',
  'values',
  'env',
  'secretPatterns',
  'typoWarnings',
  'logSummary',
  'assignToProcessEnv',
]);

/**
 * Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem.
 * `namespaces` is the static extra of forRoot/forRootAsync.
 */
export function resolveConfigOptions(
  options: ConfigModuleOptions = {},
  namespaces: unknown = [],
): ResolvedConfigOptions {
  const problems: string[] = [];
  if (!isPlainObject(options as unknown)) {
    throw invalidOptions([
      `the options must be an object such as { schema: Joi.object({ ... }) }, got ${typeof options}.`,
    ]);
  }
  for (const key of Object.keys(options)) {
    if (key === 'namespaces' || key === 'isGlobal') {
      // forRoot strips these extras; only a forRootAsync factory can return them, where Nest can no longer use them.
      problems.push(`${key}: pass it to forRootAsync({ ${key}, useFactory }) itself, not in the factory's result.`);
    } else if (!KNOWN_OPTIONS.has(key)) {
      problems.push(`${key}: unknown option; check its spelling (see the options table in the README).`);
    }
  }
  const o = options as ConfigModuleOptions;

  if (o.schema !== undefined && !(isJoiSchema(o.schema) && o.schema.type === 'object')) {
    problems.push('schema: must be a Joi object schema, e.g. Joi.object({ PORT: port() }).');
  }
  const files =
    o.envFilePath === undefined ? undefined : Array.isArray(o.envFilePath) ? o.envFilePath : [o.envFilePath];
  if (files && !files.every((f) => typeof f === 'string' && f.length > 0)) {
    problems.push("envFilePath: must be a path or an array of paths, e.g. '.env' or ['.env.local', '.env'].");
  }
  if (o.envDir !== undefined && (typeof o.envDir !== 'string' || o.envDir.length === 0)) {
    problems.push('envDir: must be a directory path (a non-empty string).');
  }
  for (const flag of ['ignoreEnvFile', 'expandVariables', 'logSummary', 'assignToProcessEnv'] as const) {
    if (o[flag] !== undefined && typeof o[flag] !== 'boolean') {
      problems.push(`${flag}: must be a boolean (true or false), got ${typeof o[flag]}.`);
    }
  }
  for (const record of ['values', 'env'] as const) {
    const value = o[record];
    if (
      value !== undefined &&
      !(isPlainObject(value) && Object.values(value).every((v) => v === undefined || typeof v === 'string'))
    ) {
      problems.push(`${record}: must be an object of string values, e.g. { DB_PASSWORD: '...' }.`);
    }
  }
  if (
    o.secretPatterns !== undefined &&
    !(Array.isArray(o.secretPatterns) && o.secretPatterns.every((p) => p instanceof RegExp))
  ) {
    problems.push('secretPatterns: must be an array of regular expressions, e.g. [/_SALT$/].');
  }
  let typoWarnings: ResolvedConfigOptions['typoWarnings'];
  if (o.typoWarnings !== undefined) {
    const t = o.typoWarnings as unknown;
    const prefixes = isPlainObject(t) ? t.prefixes : undefined;
    const maxDistance = isPlainObject(t) ? (t.maxDistance ?? 2) : 2;
    if (
      !Array.isArray(prefixes) ||
      prefixes.length === 0 ||
      !prefixes.every((p) => typeof p === 'string' && p.length > 0)
    ) {
      problems.push("typoWarnings.prefixes: must be a non-empty array of variable-name prefixes, e.g. ['APP_'].");
    } else if (!Number.isInteger(maxDistance) || (maxDistance as number) < 1) {
      problems.push('typoWarnings.maxDistance: must be a whole number of at least 1 (2 catches most typos).');
    } else {
      typoWarnings = { prefixes: [...(prefixes as string[])], maxDistance: maxDistance as number };
    }
  }

  const list: ConfigNamespace<string, any, unknown>[] = [];
  if (!Array.isArray(namespaces)) {
    problems.push('namespaces: must be an array of defineNamespace() results.');
  } else {
    const names = new Set<string>();
    namespaces.forEach((ns, i) => {
      if (!isConfigNamespace(ns)) {
        problems.push(
          `namespaces[${i}]: is not a namespace; create it with defineNamespace('name', { VAR: schema }, factory).`,
        );
      } else if (names.has(ns.namespace)) {
        problems.push(`namespaces[${i}]: the name '${ns.namespace}' is used twice; give each namespace its own name.`);
      } else {
        names.add(ns.namespace);
        list.push(ns);
      }
    });
  }

  if (problems.length > 0) throw invalidOptions(problems);

  const env = o.env ?? process.env;
  const dir = o.envDir ?? process.cwd();
  return {
    schema: o.schema,
    namespaces: list,
    envFiles: o.ignoreEnvFile ? [] : files ? files.map((f) => resolve(dir, f)) : defaultEnvFiles(dir, env.NODE_ENV),
    expandVariables: o.expandVariables ?? false,
    values: o.values ?? {},
    env,
    secretPatterns: o.secretPatterns ?? [],
    typoWarnings,
    logSummary: o.logSummary ?? false,
    assignToProcessEnv: o.assignToProcessEnv ?? true,
  };
}
