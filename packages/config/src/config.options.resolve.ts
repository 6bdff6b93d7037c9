import { resolve } from 'node:path';
import { invalidOptions } from './config.errors.js';
import { isConfigNamespace, type ConfigNamespace } from './config.namespace.js';
import type { ConfigModuleOptions, ResolvedConfigOptions } from './config.options.js';
import { isJoiSchema } from './joi.js';
import { defaultEnvFiles } from './loader/env-files.js';
import { editDistance } from './loader/typos.js';

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
 * @nestjs/config's `ConfigModule.forRoot()` options that ballast names or handles differently, with what to write
 * instead. (`envFilePath`, `ignoreEnvFile`, `expandVariables` keep their names; `isGlobal` is an extra, above.)
 */
const NESTJS_CONFIG_OPTIONS: Record<string, string> = {
  validationSchema:
    "is @nestjs/config's name; use `schema` (a Joi object schema, e.g. schema: Joi.object({ PORT: port() })).",
  validationOptions:
    'is not needed: ballast always validates with abortEarly: false (every problem in one report), allowUnknown: ' +
    'true and convert: true; put per-variable rules in the schema (e.g. .required()).',
  validate:
    'is not supported: validation is `schema` (Joi) plus the namespaces; write custom checks as Joi rules ' +
    '(.custom()) or in a defineNamespace() factory.',
  load:
    "is @nestjs/config's way to add namespaces; declare them with defineNamespace() and pass them in `namespaces` " +
    '(next to useFactory for forRootAsync). Existing registerAs() factories keep working with ConfigModule.forFeature().',
  cache: 'is not needed: ConfigService reads validated values already held in memory, never process.env; remove it.',
  validatePredefined:
    'is not needed: the real environment is always read and validated, and wins over .env files; remove it.',
  ignoreEnvVars: 'is not supported; to read no real environment (e.g. in tests) pass `env: {}`.',
  skipProcessEnv: "is @nestjs/config's name; use `assignToProcessEnv: false` to keep .env values out of process.env.",
  override:
    'is not supported: the real environment always wins over .env files; to rank values above the files, pass ' +
    'them in `values`.',
  parser:
    'is not supported: .env files are parsed with dotenv; compute values in a forRootAsync factory and pass them ' +
    'in `values`.',
};

/** The known option closest to a misspelt one (edit distance at most 2, case-insensitive), if any. */
function closestOption(key: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of [...KNOWN_OPTIONS, 'namespaces', 'isGlobal']) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

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
    } else if (Object.hasOwn(NESTJS_CONFIG_OPTIONS, key)) {
      problems.push(`${key}: ${NESTJS_CONFIG_OPTIONS[key]}`);
    } else if (!KNOWN_OPTIONS.has(key)) {
      const suggestion = closestOption(key);
      problems.push(
        suggestion
          ? `${key}: unknown option; did you mean ${suggestion}?`
          : `${key}: unknown option; check its spelling (see the options table in the README).`,
      );
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
      problems.push(
        flag === 'expandVariables' && isPlainObject(o[flag])
          ? 'expandVariables: must be a boolean; dotenv-expand options are not supported (true expands ${VAR} ' +
              'against the .env files and the real environment).'
          : `${flag}: must be a boolean (true or false), got ${typeof o[flag]}.`,
      );
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
