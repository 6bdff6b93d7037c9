import { DEFAULT_RETRY_AFTER_SECONDS } from './exceptions.constants.js';
import { invalidOptions } from './exceptions.errors.js';
import type { ExceptionLogLevel, ExceptionsModuleOptions, ResolvedExceptionsOptions } from './exceptions.options.js';
import { defaultExceptionMappers } from './mappers/index.js';
import type { ExceptionMapper } from './mappers/mapper.types.js';

const FORMATS = ['default', 'problem+json'];
const LEVELS: ExceptionLogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose', 'off'];
const KNOWN = [
  'format',
  'body',
  'exposeInternalErrors',
  'mappers',
  'logging',
  'problemTypeBaseUrl',
  'retryAfterSeconds',
  'loggerContext',
];

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function isMapper(value: unknown): value is ExceptionMapper {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExceptionMapper).map === 'function' &&
    typeof (value as ExceptionMapper).name === 'string'
  );
}

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveExceptionsOptions(options: ExceptionsModuleOptions = {}): ResolvedExceptionsOptions {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) {
    throw invalidOptions([`options: must be an object, got ${describe(options)}.`]);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) problems.push(`${key}: unknown option; the options are ${KNOWN.join(', ')}.`);
  }
  if (options.format !== undefined && !FORMATS.includes(options.format)) {
    problems.push(`format: ${describe(options.format)} is not one of ${FORMATS.join('|')}.`);
  }
  if (options.body !== undefined && typeof options.body !== 'function') {
    problems.push(
      `body: must be a function (error, defaultBody) => object that returns the error body to send, got ${describe(options.body)}. ` +
        'Pass a function, or remove the option to send the body of `format`.',
    );
  }
  if (options.exposeInternalErrors !== undefined && typeof options.exposeInternalErrors !== 'boolean') {
    problems.push(
      `exposeInternalErrors: must be a boolean (true or false), got ${describe(options.exposeInternalErrors)}.`,
    );
  }
  let mappers: readonly ExceptionMapper[] = defaultExceptionMappers;
  if (typeof options.mappers === 'function') {
    const result: unknown = options.mappers(defaultExceptionMappers);
    if (!Array.isArray(result) || !result.every(isMapper)) {
      problems.push('mappers: the function must return an array of { name: string, map(exception) } mappers.');
    } else mappers = result;
  } else if (options.mappers !== undefined) {
    if (!Array.isArray(options.mappers)) {
      problems.push(
        `mappers: must be an array of mappers or a function of the defaults, got ${describe(options.mappers)}.`,
      );
    } else {
      options.mappers.forEach((m, i) => {
        if (!isMapper(m))
          problems.push(`mappers[${i}]: must be { name: string, map(exception, context) }, got ${describe(m)}.`);
      });
      mappers = [...options.mappers, ...defaultExceptionMappers];
    }
  }
  const logging = { serverErrors: 'error' as ExceptionLogLevel, clientErrors: 'warn' as ExceptionLogLevel };
  if (options.logging === false) {
    logging.serverErrors = 'off';
    logging.clientErrors = 'off';
  } else if (options.logging !== undefined) {
    if (typeof options.logging !== 'object' || options.logging === null) {
      problems.push(
        `logging: must be an object ({ serverErrors, clientErrors }) or false, got ${describe(options.logging)}.`,
      );
    } else {
      for (const key of ['serverErrors', 'clientErrors'] as const) {
        const level = options.logging[key];
        if (level === undefined) continue;
        if (!LEVELS.includes(level))
          problems.push(`logging.${key}: ${describe(level)} is not one of ${LEVELS.join('|')}.`);
        else logging[key] = level;
      }
    }
  }
  if (options.problemTypeBaseUrl !== undefined) {
    if (typeof options.problemTypeBaseUrl !== 'string' || !URL.canParse(options.problemTypeBaseUrl)) {
      problems.push(
        `problemTypeBaseUrl: must be an absolute URL such as "https://errors.example.com/", got ${describe(options.problemTypeBaseUrl)}.`,
      );
    }
  }
  const retryAfter = options.retryAfterSeconds;
  if (
    retryAfter !== undefined &&
    (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 3600)
  ) {
    problems.push(
      `retryAfterSeconds: must be a whole number of seconds from 0 to 3600 (the Retry-After of transient database ` +
        `failures), got ${typeof retryAfter === 'number' ? retryAfter : describe(retryAfter)}.`,
    );
  }
  if (
    options.loggerContext !== undefined &&
    (typeof options.loggerContext !== 'string' || options.loggerContext === '')
  ) {
    problems.push(`loggerContext: must be a non-empty string, got ${describe(options.loggerContext)}.`);
  }
  if (problems.length > 0) throw invalidOptions(problems);
  return {
    format: options.format ?? 'default',
    body: options.body,
    exposeInternalErrors: options.exposeInternalErrors ?? false,
    mappers,
    logging,
    problemTypeBaseUrl: options.problemTypeBaseUrl,
    retryAfterSeconds: retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS,
    loggerContext: options.loggerContext ?? 'BallastExceptions',
  };
}
