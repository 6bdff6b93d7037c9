import { describeValue, field, flag, integer, oneOf, type OptionField, readOptions, text } from '@ballast/kernel';
import { DEFAULT_RETRY_AFTER_SECONDS } from './exceptions.constants.js';
import { invalidOptions } from './exceptions.errors.js';
import type { ExceptionLogLevel, ExceptionsModuleOptions, ResolvedExceptionsOptions } from './exceptions.options.js';
import { defaultExceptionMappers } from './mappers/index.js';
import type { ExceptionMapper } from './mappers/mapper.types.js';

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose', 'off'] as const satisfies readonly ExceptionLogLevel[];

function isMapper(value: unknown): value is ExceptionMapper {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExceptionMapper).map === 'function' &&
    typeof (value as ExceptionMapper).name === 'string'
  );
}

/** Every option, its type and default: a Record, so that adding an option without a field fails to compile. */
const SPEC = {
  format: oneOf(['default', 'problem+json'] as const).default('default'),
  body: field<NonNullable<ExceptionsModuleOptions['body']>>(
    'a function (error, defaultBody) => object that returns the error body to send',
    (v) => typeof v === 'function',
  ).fix('Pass a function, or remove the option to send the body of `format`.'),
  exposeInternalErrors: flag().default(false),
  mappers: field<NonNullable<ExceptionsModuleOptions['mappers']>>(
    'an array of mappers or a function of the defaults',
    (v) => Array.isArray(v) || typeof v === 'function',
  ),
  logging: field<NonNullable<ExceptionsModuleOptions['logging']>>(
    'an object ({ serverErrors, clientErrors }) or false',
    (v) => v === false || (typeof v === 'object' && v !== null && !Array.isArray(v)),
  ),
  problemTypeBaseUrl: field<string>(
    'an absolute URL such as "https://errors.example.com/"',
    (v) => typeof v === 'string' && URL.canParse(v),
  ),
  retryAfterSeconds: integer(
    0,
    3600,
    'a whole number of seconds (the Retry-After of transient database failures)',
  ).default(DEFAULT_RETRY_AFTER_SECONDS),
  loggerContext: text().default('BallastExceptions'),
} satisfies Record<keyof ExceptionsModuleOptions, OptionField<unknown>>;

const LOGGING = {
  serverErrors: oneOf(LEVELS).default('error'),
  clientErrors: oneOf(LEVELS).default('warn'),
};

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveExceptionsOptions(options: ExceptionsModuleOptions = {}): ResolvedExceptionsOptions {
  const { values, problems } = readOptions(SPEC, options);

  let mappers: readonly ExceptionMapper[] = defaultExceptionMappers;
  if (typeof values.mappers === 'function') {
    const result: unknown = values.mappers(defaultExceptionMappers);
    if (!Array.isArray(result) || !result.every(isMapper)) {
      problems.add('mappers', 'the function must return an array of { name: string, map(exception) } mappers.');
    } else mappers = result;
  } else if (values.mappers !== undefined) {
    values.mappers.forEach((m, i) => {
      if (!isMapper(m)) {
        problems.add(`mappers[${i}]`, `must be { name: string, map(exception, context) }, got ${describeValue(m)}.`);
      }
    });
    mappers = [...values.mappers, ...defaultExceptionMappers];
  }

  const logging =
    values.logging === false
      ? { serverErrors: 'off' as const, clientErrors: 'off' as const }
      : readOptions(LOGGING, values.logging, { path: 'logging.' }, problems).values;

  problems.throwIfAny(invalidOptions);
  return { ...values, mappers, logging };
}
