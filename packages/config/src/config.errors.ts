import { BallastError, type BallastErrorOptions, formatOptionProblems } from '@ballast/kernel';
import { REDACTED } from './config.constants.js';

/** Invalid module options: each problem names the option and the fix. */
export const INVALID_OPTIONS = 'BALLAST_CONFIG_INVALID_OPTIONS';
/** The configuration did not validate: `problems` lists every variable at fault. */
export const VALIDATION_FAILED = 'BALLAST_CONFIG_VALIDATION_FAILED';
/** A `defineNamespace()` call or a fragment's default is wrong (a programming error, thrown where it is written). */
export const INVALID_DEFINITION = 'BALLAST_CONFIG_INVALID_DEFINITION';
/**
 * A `ConfigModule.forFeature(registerAs(...))` factory ran before `forRootAsync` copied the `.env` files into
 * `process.env`, and so built its value without them.
 */
export const FEATURE_READ_TOO_EARLY = 'BALLAST_CONFIG_FEATURE_READ_TOO_EARLY';

/** Every code @ballast/config throws. */
export type ConfigErrorCode =
  typeof INVALID_OPTIONS | typeof VALIDATION_FAILED | typeof INVALID_DEFINITION | typeof FEATURE_READ_TOO_EARLY;

/**
 * Error thrown by @ballast/config; `code` is stable and documented in the README. `instanceof` holds for an error
 * from any copy of this package (its ESM and CJS builds, and the `@ballast/config/env` entry).
 */
export class BallastConfigError extends BallastError<ConfigErrorCode> {
  /** Every problem found, for programmatic use (empty for other errors). Never contains a secret value. */
  readonly problems: readonly ConfigProblem[];

  constructor(
    code: ConfigErrorCode,
    message: string,
    problems: readonly ConfigProblem[] = [],
    options?: BallastErrorOptions,
  ) {
    super(code, message, options);
    this.problems = problems;
  }
}

/** Codes of the individual problems inside a `BALLAST_CONFIG_VALIDATION_FAILED` error. */
export const PROBLEM_CODES = {
  /** A value is missing or does not satisfy its schema. */
  invalidValue: 'BALLAST_CONFIG_INVALID_VALUE',
  /** Both `NAME` and `NAME_FILE` are set. */
  fileConflict: 'BALLAST_CONFIG_FILE_CONFLICT',
  /** `NAME_FILE` points to a file that cannot be read. */
  fileUnreadable: 'BALLAST_CONFIG_FILE_UNREADABLE',
  /** An `.env` file exists but cannot be read or parsed. */
  envFileUnreadable: 'BALLAST_CONFIG_ENV_FILE_UNREADABLE',
  /** A namespace factory threw. */
  namespaceFactoryFailed: 'BALLAST_CONFIG_NAMESPACE_FACTORY_FAILED',
} as const;

export type ConfigProblemCode = (typeof PROBLEM_CODES)[keyof typeof PROBLEM_CODES];

/** One thing wrong with the configuration. `message` never contains the value of a secret. */
export interface ConfigProblem {
  /** The variable at fault, e.g. `PORT` (or `DB_PASSWORD_FILE`, or the `.env` file name). */
  key: string;
  /** What is wrong, without the value: `must be a number`, `is required`. */
  message: string;
  /** Stable code of the kind of problem. */
  code: ConfigProblemCode;
  /** The namespace whose schema reported it, when it came from a namespace. */
  namespace?: string;
}

export function invalidOptions(problems: string[]): BallastConfigError {
  return new BallastConfigError(INVALID_OPTIONS, formatOptionProblems('BallastConfigModule', problems));
}

const KIND: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  date: 'a date',
  object: 'an object',
  array: 'an array',
  binary: 'a buffer',
};

/**
 * What a secret variable's problem says: built by ballast from joi's error type and the schema's numeric limits only,
 * never from a message the schema built (it may quote the value, or a transformed form of it). `valid()` lists its
 * allowed values masked. @internal
 */
export function secretProblemMessage(type: string, context: Record<string, unknown> = {}): string {
  const limit = typeof context.limit === 'number' ? context.limit : undefined;
  const [kind, rule] = type.split('.');
  switch (type) {
    case 'any.required':
      return 'is required';
    case 'any.only': {
      const count = Array.isArray(context.valids) ? context.valids.length : 0;
      return `must be one of [${Array.from({ length: count }, () => REDACTED).join(', ')}] (secret: values not shown)`;
    }
    case 'any.invalid':
      return 'is one of the values the schema forbids';
    case 'any.custom':
      return 'failed custom validation';
    case 'string.empty':
      return 'must not be empty';
    case 'string.min':
      if (limit !== undefined) return `must be at least ${limit} characters long`;
      break;
    case 'string.max':
      if (limit !== undefined) return `must be at most ${limit} characters long`;
      break;
    case 'string.length':
      if (limit !== undefined) return `must be ${limit} characters long`;
      break;
  }
  if (rule === 'base' && kind && KIND[kind]) return `must be ${KIND[kind]}`;
  return `does not satisfy its schema (${type}; the message is not shown because the variable is secret)`;
}

/** One line per problem: `PORT: must be a number`. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.namespace ? ` (namespace ${problem.namespace})` : '';
  return `${problem.key}: ${problem.message}${where}`;
}

export function validationFailed(problems: readonly ConfigProblem[]): BallastConfigError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new BallastConfigError(
    VALIDATION_FAILED,
    `Invalid configuration (${count}):\n${problems.map((p) => `- ${formatProblem(p)}`).join('\n')}\n` +
      'Fix these variables in the environment or an .env file, then start again.',
    problems,
  );
}

export function featureReadTooEarly(namespaces: readonly string[]): BallastConfigError {
  const list = namespaces.map((name) => `registerAs('${name}')`).join(', ');
  return new BallastConfigError(
    FEATURE_READ_TOO_EARLY,
    `ConfigModule.forFeature(${list}) read process.env before BallastConfigModule.forRootAsync() had loaded the .env ` +
      'files, so it missed their values. Use BallastConfigModule.forRoot() (it loads the .env files at once), or ' +
      'declare these variables with defineNamespace() and pass it in namespaces (validated, typed, injected with ' +
      '@Inject(ns.KEY)), or set them in the real environment.',
  );
}

export function invalidDefinition(message: string): BallastConfigError {
  return new BallastConfigError(INVALID_DEFINITION, message);
}

/** A schema validated asynchronously where the configuration is loaded synchronously. */
export function asyncSchema(): BallastConfigError {
  return new BallastConfigError(
    INVALID_DEFINITION,
    'A schema validates asynchronously (an async refinement or transform), but this configuration is loaded ' +
      'synchronously. Use validateEnvAsync() instead of validateEnv(), or let BallastConfigModule or ' +
      'bootstrapWithConfig() load it (both await async schemas); calling a namespace directly is synchronous too.',
  );
}
