import { DEFAULT_CENSOR, DEFAULT_IGNORED_PATHS, LOGGER_LEVELS } from './logger.constants.js';
import { invalidOptions } from './logger.errors.js';
import type { LoggerLevel, LoggerModuleOptions, ResolvedLoggerOptions } from './logger.options.js';
import { defaultSensitiveKeys } from './redaction/sensitive-keys.js';

const KNOWN_OPTIONS = new Set([
  'level',
  'pretty',
  'redact',
  'requestLogging',
  'base',
  'destination',
  'sync',
  'traceFields',
]);

/** Nest's level names mapped to pino's. @internal */
export function toPinoLevel(level: LoggerLevel): ResolvedLoggerOptions['level'] {
  if (level === 'log') return 'info';
  if (level === 'verbose') return 'trace';
  return level;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0);
}

function isWritable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { write?: unknown }).write === 'function';
}

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveLoggerOptions(options: LoggerModuleOptions = {}): ResolvedLoggerOptions {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptions([`options: must be an object, got ${options === null ? 'null' : typeof options}.`]);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key) && key !== 'isGlobal') {
      problems.push(
        `${key}: is not an option of BallastLoggerModule; known options are ${[...KNOWN_OPTIONS].join(', ')}.`,
      );
    }
  }

  const level = options.level ?? 'info';
  if (!(LOGGER_LEVELS as readonly unknown[]).includes(level)) {
    problems.push(`level: ${JSON.stringify(level)} is not one of ${LOGGER_LEVELS.join('|')}.`);
  }
  for (const key of ['pretty', 'sync', 'traceFields'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      problems.push(`${key}: must be a boolean (true or false), got ${typeof options[key]}.`);
    }
  }

  let redact: ResolvedLoggerOptions['redact'] = false;
  const r = options.redact;
  if (r !== false) {
    if (r !== undefined && !isPlainObject(r)) {
      problems.push('redact: must be an object `{ keys?, paths?, replace?, censor? }` or false.');
    } else {
      const { keys = [], paths = [], replace = false, censor = DEFAULT_CENSOR } = r ?? {};
      if (!isStringArray(keys)) problems.push('redact.keys: must be an array of non-empty strings (field names).');
      if (!isStringArray(paths)) {
        problems.push("redact.paths: must be an array of non-empty strings (pino paths such as 'user.password').");
      }
      if (typeof replace !== 'boolean') problems.push('redact.replace: must be a boolean (true or false).');
      if (typeof censor !== 'string') problems.push("redact.censor: must be a string, e.g. '[Redacted]'.");
      if (replace === true && isStringArray(keys) && isStringArray(paths) && keys.length + paths.length === 0) {
        problems.push(
          'redact.replace: true with no keys and no paths would redact nothing; use `redact: false` for that.',
        );
      }
      redact = {
        keys: [...new Set([...(replace === true ? [] : defaultSensitiveKeys()), ...(isStringArray(keys) ? keys : [])])],
        paths: isStringArray(paths) ? paths : [],
        censor: typeof censor === 'string' ? censor : DEFAULT_CENSOR,
        patterns: replace !== true,
      };
    }
  }

  let requestLogging: ResolvedLoggerOptions['requestLogging'] = false;
  const rl = options.requestLogging ?? true;
  if (rl !== false) {
    if (rl !== true && !isPlainObject(rl)) {
      problems.push('requestLogging: must be a boolean or an object `{ ignorePaths?, ignoreHealthProbes?, query? }`.');
    } else {
      const { ignorePaths = [], ignoreHealthProbes = true, query = true } = rl === true ? {} : rl;
      const validPaths =
        Array.isArray(ignorePaths) &&
        ignorePaths.every((p) => (typeof p === 'string' && p.startsWith('/')) || p instanceof RegExp);
      if (!validPaths) {
        problems.push("requestLogging.ignorePaths: must be an array of paths starting with '/' or RegExps.");
      }
      if (typeof ignoreHealthProbes !== 'boolean') {
        problems.push('requestLogging.ignoreHealthProbes: must be a boolean (true or false).');
      }
      if (typeof query !== 'boolean') problems.push('requestLogging.query: must be a boolean (true or false).');
      const list = validPaths ? ignorePaths : [];
      requestLogging = {
        ignorePaths: new Set([
          ...(ignoreHealthProbes === false ? [] : DEFAULT_IGNORED_PATHS),
          ...list.filter((p): p is string => typeof p === 'string'),
        ]),
        ignorePatterns: list.filter((p): p is RegExp => p instanceof RegExp),
        query: query !== false,
      };
    }
  }

  if (options.base !== undefined && options.base !== null && !isPlainObject(options.base)) {
    problems.push('base: must be an object of fields written on every line, or null for none.');
  }

  const destination = options.destination ?? 1;
  const validDestination =
    (typeof destination === 'number' && Number.isInteger(destination) && destination >= 0) ||
    (typeof destination === 'string' && destination.length > 0) ||
    isWritable(destination);
  if (!validDestination) {
    problems.push('destination: must be a file descriptor (1 = stdout), a file path, or a writable stream.');
  }

  if (problems.length > 0) throw invalidOptions(problems);
  return {
    level: toPinoLevel(level),
    pretty: options.pretty ?? false,
    redact,
    requestLogging,
    base: options.base,
    destination,
    sync: options.sync ?? false,
    traceFields: options.traceFields ?? true,
  };
}
