import {
  createPathMatcher,
  field,
  flag,
  isPathRule,
  list,
  oneOf,
  type OptionField,
  type PathRule,
  readOptions,
  text,
} from '@ballast/kernel';
import { DEFAULT_CENSOR, DEFAULT_IGNORED_PATHS, LOGGER_LEVELS } from './logger.constants.js';
import { invalidOptions } from './logger.errors.js';
import type {
  LoggerLevel,
  LoggerModuleOptions,
  LoggerRedactOptions,
  RequestLoggingOptions,
  ResolvedLoggerOptions,
} from './logger.options.js';
import { defaultSensitiveKeys } from './redaction/sensitive-keys.js';

/** Nest's level names mapped to pino's. @internal */
export function toPinoLevel(level: LoggerLevel): ResolvedLoggerOptions['level'] {
  if (level === 'log') return 'info';
  if (level === 'verbose') return 'trace';
  return level;
}

const paths = (what: string) => list(text(), `an array of non-empty strings (${what})`).default([] as string[]);
const isWritable = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { write?: unknown }).write === 'function';
const isObjectOr = (extra: unknown) => (v: unknown) =>
  v === extra || (typeof v === 'object' && v !== null && !Array.isArray(v));

/** Every option, its type and default: a Record, so that adding an option without a field fails to compile. */
const SPEC = {
  level: oneOf(LOGGER_LEVELS).default('info'),
  pretty: flag().default(false),
  redact: field<LoggerRedactOptions | false>(
    'an object { keys?, paths?, replace?, censor? } or false',
    isObjectOr(false),
  ),
  requestLogging: field<RequestLoggingOptions | boolean>(
    'a boolean or an object { ignorePaths?, ignoreHealthProbes?, query? }',
    (v) => typeof v === 'boolean' || isObjectOr(undefined)(v),
  ).default(true),
  base: field<Record<string, unknown> | null>(
    'an object of fields written on every line, or null for none',
    isObjectOr(null),
  ),
  destination: field<ResolvedLoggerOptions['destination']>(
    'a file descriptor (1 = stdout), a file path, or a writable stream',
    (v) =>
      (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && v !== '') || isWritable(v),
  ).default(1),
  sync: flag().default(false),
  traceFields: flag().default(true),
} satisfies Record<keyof LoggerModuleOptions, OptionField<unknown>>;

const REDACT = {
  keys: paths('field names'),
  paths: paths("pino paths such as 'user.password'"),
  replace: flag().default(false),
  censor: text(true).fix("E.g. '[Redacted]'.").default(DEFAULT_CENSOR),
} satisfies Record<keyof LoggerRedactOptions, OptionField<unknown>>;

const REQUEST_LOGGING = {
  ignorePaths: list(field<PathRule>("a path starting with '/' or a RegExp", isPathRule)).default([]),
  ignoreHealthProbes: flag().default(true),
  query: flag().default(true),
} satisfies Record<keyof RequestLoggingOptions, OptionField<unknown>>;

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveLoggerOptions(options: LoggerModuleOptions = {}): ResolvedLoggerOptions {
  const { values, problems } = readOptions(SPEC, options);

  let redact: ResolvedLoggerOptions['redact'] = false;
  if (values.redact !== false) {
    const r = readOptions(REDACT, values.redact, { path: 'redact.' }, problems).values;
    if (r.replace && r.keys.length + r.paths.length === 0 && !problems.has('redact')) {
      problems.add(
        'redact.replace',
        'true with no keys and no paths would redact nothing; use `redact: false` for that.',
      );
    }
    redact = {
      keys: [...new Set([...(r.replace ? [] : defaultSensitiveKeys()), ...r.keys])],
      paths: r.paths,
      censor: r.censor,
      patterns: !r.replace,
    };
  }

  let requestLogging: ResolvedLoggerOptions['requestLogging'] = false;
  if (values.requestLogging !== false) {
    const rl = values.requestLogging === true ? {} : values.requestLogging;
    const { ignorePaths, ignoreHealthProbes, query } = readOptions(
      REQUEST_LOGGING,
      rl,
      { path: 'requestLogging.' },
      problems,
    ).values;
    requestLogging = {
      ignores: createPathMatcher([...(ignoreHealthProbes ? DEFAULT_IGNORED_PATHS : []), ...ignorePaths]),
      query,
    };
  }

  problems.throwIfAny(invalidOptions);
  return { ...values, level: toPinoLevel(values.level), redact, requestLogging };
}
