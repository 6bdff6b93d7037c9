import { resolve } from 'node:path';
import {
  describeValue,
  field,
  flag,
  integer,
  list,
  type OptionField,
  type OptionProblems,
  plainObject,
  readOptions,
} from '@ballast/kernel';
import { BallastConfigError, invalidOptions } from './config.errors.js';
import { isConfigNamespace, type ConfigNamespace, type EnvRecord } from './config.namespace.js';
import type { ConfigModuleOptions, ConfigSchemaInput, ResolvedConfigOptions } from './config.options.js';
import { defaultEnvFiles } from './loader/env-files.js';
import type { ConfigSchema } from './schemas/config-schema.js';
import { isConfigSchemaInput, toConfigSchema } from './schemas/to-config-schema.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPath = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isStringRecord = (value: unknown): boolean =>
  isPlainObject(value) && Object.values(value).every((v) => v === undefined || typeof v === 'string');

const stringRecord = <T>() =>
  field<T>('an object of string values', isStringRecord).fix("Pass e.g. { DB_PASSWORD: '...' }.");

/** Every option, its type and default: a Record, so that adding an option without a field fails to compile. */
const SPEC = {
  schema: field<ConfigSchemaInput>(
    'a Joi object schema, a Standard Schema object schema (Zod, Valibot, ArkType) or a record of per-variable schemas',
    isConfigSchemaInput,
  ).fix('Write e.g. Joi.object({ PORT: port() }) or z.object({ PORT: z.coerce.number() }).'),
  envFilePath: field<string | string[]>(
    'a path or an array of paths',
    (v) => isPath(v) || (Array.isArray(v) && v.every(isPath)),
  ).fix("Write e.g. '.env' or ['.env.local', '.env']."),
  envDir: field<string>('a directory path (a non-empty string)', isPath),
  ignoreEnvFile: flag().default(false),
  expandVariables: flag()
    .fix(
      'true expands ${VAR} against the .env files and the real environment; dotenv-expand options are not supported.',
    )
    .default(false),
  values: stringRecord<Record<string, string | undefined>>().default({}),
  env: stringRecord<EnvRecord>(),
  secretPatterns: list(
    field<RegExp>('a regular expression', (v) => v instanceof RegExp),
    'an array of regular expressions',
  )
    .fix('Write e.g. [/_SALT$/].')
    .default([]),
  typoWarnings: plainObject<NonNullable<ConfigModuleOptions['typoWarnings']>>().fix(
    "Write e.g. { prefixes: ['APP_'] }.",
  ),
  logSummary: flag().default(false),
  assignToProcessEnv: flag().default(true),
} satisfies Record<keyof ConfigModuleOptions, OptionField<unknown>>;

const PREFIXES = field<string[]>(
  'a non-empty array of variable-name prefixes',
  (v) => Array.isArray(v) && v.length > 0 && v.every(isPath),
  (v) => [...(v as string[])],
).fix("Write e.g. ['APP_'].");

const TYPO_WARNINGS = {
  prefixes: PREFIXES,
  maxDistance: integer(1, Number.MAX_SAFE_INTEGER, 'a whole number').fix('2 catches most typos.').default(2),
} satisfies Record<keyof NonNullable<ConfigModuleOptions['typoWarnings']>, OptionField<unknown>>;

/**
 * @nestjs/config's `ConfigModule.forRoot()` options that ballast names or handles differently, each with what to
 * write instead (`envFilePath`, `ignoreEnvFile`, `expandVariables` keep their names), and `namespaces`, an option of
 * forRoot()/forRootAsync() itself that a forRootAsync factory may return (the kernel says the same of `isGlobal`).
 */
const OTHER_NAMES: Record<string, string> = {
  validationSchema:
    "@nestjs/config's validationSchema is `schema` here (a Joi object schema, e.g. schema: Joi.object({ PORT: port() }), " +
    'or a Standard Schema such as z.object({ PORT: z.coerce.number() }))',
  validationOptions:
    'not needed: ballast always validates with abortEarly: false (every problem in one report), allowUnknown: true ' +
    'and convert: true; put per-variable rules in the schema (e.g. .required())',
  validate:
    "@nestjs/config's validate is `schema` here: pass the schema itself (Joi, or a Standard Schema: Zod, Valibot, " +
    'ArkType), e.g. schema: z.object({ PORT: z.coerce.number() }); write custom checks as refinements of that schema ' +
    'or in a defineNamespace() factory',
  load:
    "@nestjs/config's way to add namespaces; declare them with defineNamespace() and pass them in `namespaces` " +
    '(next to useFactory for forRootAsync); existing registerAs() factories keep working with ConfigModule.forFeature()',
  cache: 'not needed: ConfigService reads validated values already held in memory, never process.env; remove it',
  validatePredefined:
    'not needed: the real environment is always read and validated, and wins over .env files; remove it',
  ignoreEnvVars: 'not supported; to read no real environment (e.g. in tests) pass `env: {}`',
  skipProcessEnv:
    "@nestjs/config's skipProcessEnv is `assignToProcessEnv: false` here (keeps .env values out of process.env)",
  override:
    'not supported: the real environment always wins over .env files; to rank values above the files, pass them ' +
    'in `values`',
  parser:
    'not supported: .env files are parsed with dotenv; compute values in a forRootAsync factory and pass them in ' +
    '`values`',
  namespaces:
    'namespaces is an option of forRoot()/forRootAsync() itself, not of the options the factory returns: write ' +
    'forRootAsync({ namespaces, useFactory })',
};

/**
 * Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem.
 * `namespaces` is the static extra of forRoot/forRootAsync.
 */
export function resolveConfigOptions(
  options: ConfigModuleOptions = {},
  namespaces: unknown = [],
): ResolvedConfigOptions {
  const { values: o, problems } = readOptions(SPEC, options, { otherNames: OTHER_NAMES });
  const typoWarnings = readTypoWarnings(o.typoWarnings, problems);
  const list = readNamespaces(namespaces, problems);
  const schema = readSchema(o.schema, problems);
  problems.throwIfAny(invalidOptions);

  const env = o.env ?? process.env;
  const dir = o.envDir ?? process.cwd();
  const files = typeof o.envFilePath === 'string' ? [o.envFilePath] : o.envFilePath;
  return {
    schema,
    namespaces: list,
    envFiles: o.ignoreEnvFile ? [] : files ? files.map((f) => resolve(dir, f)) : defaultEnvFiles(dir, env.NODE_ENV),
    expandVariables: o.expandVariables,
    values: o.values,
    env,
    secretPatterns: o.secretPatterns,
    typoWarnings,
    logSummary: o.logSummary,
    assignToProcessEnv: o.assignToProcessEnv,
  };
}

/** The root schema, whatever its library, as what the loader validates with. */
function readSchema(input: ConfigSchemaInput | undefined, problems: OptionProblems): ConfigSchema | undefined {
  if (input === undefined) return undefined;
  try {
    return toConfigSchema(input, 'schema', false);
  } catch (error) {
    if (!(error instanceof BallastConfigError)) throw error;
    problems.add('schema', error.message.replace(/^schema: /, ''));
    return undefined;
  }
}

function readTypoWarnings(input: unknown, problems: OptionProblems): ResolvedConfigOptions['typoWarnings'] {
  if (input === undefined) return undefined;
  const { values } = readOptions(TYPO_WARNINGS, input, { path: 'typoWarnings.' }, problems);
  if (values.prefixes === undefined) {
    const missing = PREFIXES.parse(undefined);
    if ('problem' in missing) problems.add('typoWarnings.prefixes', missing.problem);
    return undefined;
  }
  return { prefixes: values.prefixes, maxDistance: values.maxDistance };
}

/** The namespaces (a static extra of forRoot/forRootAsync): defineNamespace() results, each name once. */
function readNamespaces(namespaces: unknown, problems: OptionProblems): ConfigNamespace<string, any, unknown>[] {
  if (!Array.isArray(namespaces)) {
    problems.add('namespaces', `must be an array of defineNamespace() results, got ${describeValue(namespaces)}.`);
    return [];
  }
  const list: ConfigNamespace<string, any, unknown>[] = [];
  const names = new Set<string>();
  namespaces.forEach((ns, i) => {
    if (!isConfigNamespace(ns)) {
      problems.add(
        `namespaces[${i}]`,
        "is not a namespace; create it with defineNamespace('name', { VAR: schema }, factory).",
      );
    } else if (names.has(ns.namespace)) {
      problems.add(`namespaces[${i}]`, `the name '${ns.namespace}' is used twice; give each namespace its own name.`);
    } else {
      names.add(ns.namespace);
      list.push(ns);
    }
  });
  return list;
}
