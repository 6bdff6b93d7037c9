import type Joi from 'joi';
import { invalidDefinition } from './config.errors.js';
import { isJoiSchema, joi } from './joi.js';
import { markSecret } from './schemas/secret-marks.js';
import { isStandardSchema, type StandardSchemaV1 } from './schemas/standard-schema.js';

/** Log levels accepted by `logLevel()`: pino's levels, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Values accepted by `nodeEnv()`. */
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/** Joi applies defaults as given, without coercion: a string default is parsed once, here, like an env value. */
function parsingDefault(parse: (value: string) => unknown) {
  return {
    default(this: Joi.AnySchema & { _super: Joi.AnySchema }, value?: unknown, options?: unknown) {
      if (typeof value === 'string') {
        const parsed = parse(value);
        if (parsed === undefined)
          throw invalidDefinition(`Invalid default ${JSON.stringify(value)} for a ${this.type} schema.`);
        return (this._super.default as (...a: unknown[]) => Joi.AnySchema).call(this, parsed, options);
      }
      return (this._super.default as (...a: unknown[]) => Joi.AnySchema).call(this, value, options);
    },
  };
}

function parsePort(value: string): number | undefined {
  const trimmed = value.trim();
  const n = Number(trimmed);
  return /^\d+$/.test(trimmed) && n <= 65535 ? n : undefined;
}

function parseBoolean(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : undefined;
}

function parseDuration(value: string): number | undefined {
  const match = DURATION.exec(value.trim());
  return match ? Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']!) : undefined;
}

interface BallastJoi extends Joi.Root {
  ballastPort(): Joi.NumberSchema<number>;
  ballastBoolean(): Joi.BooleanSchema<boolean>;
  ballastDuration(): Joi.NumberSchema<number>;
}

let extended: BallastJoi | undefined;

// Built on first use from the app's own Joi (a peer), so fragments compose with the app's Joi.object().
function ballastJoi(): BallastJoi {
  extended ??= joi().extend(
    (root: Joi.Root) => ({
      type: 'ballastPort',
      base: root.number().integer().min(0).max(65535),
      messages: { 'port.digits': '{{#label}} must be a port number written with digits (0-65535)' },
      // prepare runs before Joi's number coercion, which would otherwise accept '1e3' or '0x50'.
      prepare(value: unknown, helpers: Joi.CustomHelpers) {
        if (typeof value !== 'string') return { value };
        const trimmed = value.trim();
        return /^\d+$/.test(trimmed) ? { value: trimmed } : { errors: [helpers.error('port.digits')] };
      },
      overrides: parsingDefault(parsePort),
    }),
    (root: Joi.Root) => ({
      type: 'ballastBoolean',
      base: root.boolean(),
      messages: { 'boolean.strict': '{{#label}} must be true or false' },
      prepare(value: unknown, helpers: Joi.CustomHelpers) {
        if (typeof value !== 'string') return { value };
        const parsed = parseBoolean(value);
        return parsed === undefined ? { errors: [helpers.error('boolean.strict')] } : { value: parsed };
      },
      overrides: parsingDefault(parseBoolean),
    }),
    (root: Joi.Root) => ({
      type: 'ballastDuration',
      base: root.number().integer().min(0),
      messages: {
        'duration.format': '{{#label}} must be a duration such as 500ms, 10s, 5m, 1h, 1d (bare digits are ms)',
      },
      prepare(value: unknown, helpers: Joi.CustomHelpers) {
        if (typeof value !== 'string') return { value };
        const parsed = parseDuration(value);
        return parsed === undefined ? { errors: [helpers.error('duration.format')] } : { value: parsed };
      },
      overrides: parsingDefault(parseDuration),
    }),
  ) as BallastJoi;
  return extended;
}

/**
 * A TCP port, 0–65535, written with digits only (surrounding spaces are trimmed): `'8080'` → `8080`;
 * `'8080abc'`, `'1e3'` and `''` are errors.
 *
 * @example PORT: port().default(3000)
 */
export function port(): Joi.NumberSchema<number> {
  return ballastJoi().ballastPort();
}

/**
 * A strict boolean: only `true` or `false` (any case, surrounding spaces trimmed). `'yes'`, `'1'` and `''` are errors,
 * so a typo never silently turns a flag off.
 *
 * @example SWAGGER_ENABLED: bool().default(false)
 */
export function bool(): Joi.BooleanSchema<boolean> {
  return ballastJoi().ballastBoolean();
}

/**
 * A duration, converted to milliseconds: `'500ms'` → 500, `'10s'` → 10000, `'5m'`, `'1h'`, `'1d'`, `'1.5s'` → 1500;
 * bare digits are milliseconds (`'250'` → 250).
 *
 * @example HTTP_TIMEOUT: duration().default('10s')
 */
export function duration(): Joi.NumberSchema<number> {
  return ballastJoi().ballastDuration();
}

/** Options of `url()`. */
export interface UrlOptions {
  /**
   * Accepted schemes, e.g. `['postgres', 'postgresql']` or `['redis', 'rediss']`.
   * @default any scheme
   */
  scheme?: string | string[];
}

/**
 * An absolute URL (surrounding spaces trimmed). A URL with a password is shown in `describe()` and reports with the
 * password replaced by `[REDACTED]`, whatever its variable's name.
 *
 * @example DATABASE_URL: url({ scheme: ['postgres', 'postgresql'] }).required()
 */
export function url(options: UrlOptions = {}): Joi.StringSchema<string> {
  return joi()
    .string()
    .trim()
    .uri(options.scheme ? { scheme: options.scheme } : {});
}

/**
 * A log level: one of `fatal error warn info debug trace silent`, any case (`'INFO'` → `'info'`).
 *
 * @example LOG_LEVEL: logLevel().default('info')
 */
export function logLevel(): Joi.StringSchema<LogLevel> {
  return joi()
    .string()
    .trim()
    .lowercase()
    .valid(...LOG_LEVELS) as Joi.StringSchema<LogLevel>;
}

/**
 * `NODE_ENV`: `development`, `production` or `test`, any case; defaults to `development`.
 *
 * @example NODE_ENV: nodeEnv()
 */
export function nodeEnv(): Joi.StringSchema<NodeEnv> {
  return joi()
    .string()
    .trim()
    .lowercase()
    .valid(...NODE_ENVS)
    .default('development') as Joi.StringSchema<NodeEnv>;
}

/**
 * Marks a variable as secret (`.meta({ secret: true })`): its value never appears in a validation error, a log line
 * or `describe()`. Without an argument, a required-by-namespace string.
 *
 * @example JWT_SECRET: secret(Joi.string().min(32)).required()
 */
export function secret(): Joi.StringSchema<string>;
export function secret<S extends Joi.Schema>(schema: S): S;
/**
 * Marks a Standard Schema (Zod, Valibot, ArkType…) as secret and returns it unchanged, still chainable; mark the
 * outermost schema or one it wraps (`secret(z.string().min(32))`, `secret(z.url()).optional()`). The libraries' own
 * metadata works too: Zod `.meta({ secret: true })`, Valibot `v.metadata({ secret: true })`, ArkType
 * `.configure({ secret: true })`.
 *
 * @example JWT_SECRET: secret(z.string().min(32))
 */
export function secret<S extends StandardSchemaV1>(schema: S): S;
export function secret(schema?: Joi.Schema | StandardSchemaV1): Joi.Schema | StandardSchemaV1 {
  if (schema === undefined) return joi().string().meta({ secret: true });
  if (isJoiSchema(schema)) return schema.meta({ secret: true });
  if (isStandardSchema(schema)) return markSecret(schema);
  throw invalidDefinition('secret(): expected a Joi schema or a Standard Schema (Zod, Valibot, ArkType).');
}
