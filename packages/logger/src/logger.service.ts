import { Injectable, type LoggerService, type LogLevel } from '@nestjs/common';
import type { Level, Logger as PinoLogger } from 'pino';
import { LOGGER_LEVELS } from './logger.constants.js';
import { LoggerCore } from './logger.core.js';
import { invalidLevel } from './logger.errors.js';
import type { LoggerLevel } from './logger.options.js';
import { toPinoLevel } from './logger.options.resolve.js';
import { isErrorLike } from './serialize-error.js';
import { keepAsUserField } from './reserved-fields.js';

// pino's numeric level values, to skip disabled levels before any allocation.
const LEVEL_VALUES: Record<Level, number> = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 };
// Nest's names → pino's
const NEST_TO_PINO: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};
const STACK_FORMAT = /\n\s+at /;
const MAX_CONTEXT_CHILDREN = 1_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isStack(value: unknown): value is string {
  return typeof value === 'string' && STACK_FORMAT.test(value);
}

/**
 * Nest's `LoggerService` on pino: JSON lines with the request id (and context fields, trace ids) of the request or job
 * being handled. Route every Nest log through it with
 * `NestFactory.create(AppModule, { bufferLogs: true })` + `app.useLogger(app.get(BallastLogger))`; `new Logger(Ctx)`
 * from `@nestjs/common` then writes here, with `context`.
 *
 * @example
 * this.logger.log('order placed', { orderId });          // {"msg":"order placed","orderId":42,...}
 * this.logger.log({ msg: 'order placed', orderId });     // same line
 * this.logger.error(new Error('boom', { cause }));        // {"err":{"type":"Error","message":"boom","stack":…,"cause":{…}}}
 */
@Injectable()
export class BallastLogger implements LoggerService {
  // One pino child per Nest context ('OrdersService', 'RouterExplorer', ...): `context` is serialized once, when the
  // child is made, instead of on every line. Contexts are class names, so the map stays small; it is bounded anyway.
  private readonly contexts = new Map<string, PinoLogger>();

  constructor(readonly core: LoggerCore) {}

  /**
   * The underlying pino logger (same instance, same destination, same redaction), for APIs that want pino itself.
   * Change the level with `setLevel()`, not `pino.level`: `setLevel()` also updates the per-context children.
   */
  get pino(): PinoLogger {
    return this.core.pino;
  }

  /** Writes at `info` (Nest's `log`). */
  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  /** Writes at `error`. A trailing stack string (Nest's `error(message, stack, context)`) is kept as `stack`. */
  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  /** Writes at `warn`. */
  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  /** Writes at `debug`. */
  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  /** Writes at `trace` (Nest's `verbose`). */
  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  /** Writes at `fatal`. */
  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /** The current lowest level written (pino's name). */
  getLevel(): string {
    return this.core.pino.level;
  }

  /**
   * Changes the lowest level written, at runtime, for every line of the app (request lines included).
   * @throws BallastLoggerError `BALLAST_LOGGER_INVALID_LEVEL` for an unknown level
   */
  setLevel(level: LoggerLevel): void {
    if (!(LOGGER_LEVELS as readonly unknown[]).includes(level)) throw invalidLevel(level, LOGGER_LEVELS);
    this.applyLevel(toPinoLevel(level));
  }

  /** Called by Nest (`NestFactory.create(App, { logger: ['error', 'warn'] })`): the lowest listed level wins. */
  setLogLevels(levels: LogLevel[]): void {
    let lowest: Level | 'silent' = 'silent';
    for (const level of levels) {
      const pinoLevel = NEST_TO_PINO[level];
      if (pinoLevel !== undefined && (lowest === 'silent' || LEVEL_VALUES[pinoLevel] < LEVEL_VALUES[lowest])) {
        lowest = pinoLevel;
      }
    }
    this.applyLevel(lowest);
  }

  private applyLevel(level: Level | 'silent'): void {
    this.core.pino.level = level;
    for (const child of this.contexts.values()) child.level = level;
  }

  private forContext(context: string): PinoLogger | undefined {
    let child = this.contexts.get(context);
    if (child === undefined && this.contexts.size < MAX_CONTEXT_CHILDREN) {
      child = this.core.pino.child({ context });
      this.contexts.set(context, child);
    }
    return child;
  }

  /** Writes out buffered lines (async destinations); resolves when done. */
  flush(): Promise<void> {
    return this.core.flush();
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const root = this.core.pino;
    if (LEVEL_VALUES[level] < root.levelVal) return;

    let count = params.length;
    // Nest's Logger appends its context as the last argument (and pads error() with undefined when there is no stack).
    let logger = root;
    let context: string | undefined;
    if (count > 0 && typeof params[count - 1] === 'string' && !isStack(params[count - 1])) {
      context = params[count - 1] as string;
      count--;
      const child = this.forContext(context);
      if (child !== undefined) {
        logger = child;
        context = undefined;
      }
    }
    // A URL with a password or a signed query in the message is redacted like one in a field.
    if (typeof message === 'string') message = this.core.redactMessage(message);
    if (context === undefined && typeof message === 'string') {
      // Fast paths, the common calls: log('msg') and log('msg', { fields }). pino never mutates the object.
      if (count === 0) return logger[level](message);
      const only = params[0];
      // (A `msg` field would be a second `msg` key next to the message: renamed below.)
      if (count === 1 && isPlainObject(only) && only.msg === undefined && !isErrorLike(only)) {
        return logger[level](only, message);
      }
    }

    const fields: Record<string, unknown> = {};
    let msg: string | undefined;
    if (typeof message === 'string') {
      msg = message;
    } else if (isErrorLike(message)) {
      fields.err = message;
      msg = this.core.redactMessage(message.message);
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      if (typeof fields.msg === 'string') {
        msg = this.core.redactMessage(fields.msg);
        delete fields.msg;
      } else if (typeof fields.message === 'string') {
        msg = this.core.redactMessage(fields.message);
        delete fields.message;
      }
    } else if (message !== undefined) {
      msg = String(message);
    }

    let args: unknown[] | undefined;
    for (let i = 0; i < count; i++) {
      const param = params[i];
      if (param === undefined || param === null) continue;
      if (isErrorLike(param)) {
        if (fields.err === undefined) fields.err = param;
        else (args ??= []).push(param);
      } else if (isStack(param)) {
        fields.stack = param;
      } else if (typeof param === 'object') {
        Object.assign(fields, param);
      } else {
        (args ??= []).push(param);
      }
    }
    if (args !== undefined) fields.args = args;
    if (msg !== undefined && fields.msg !== undefined) {
      const userMsg = fields.msg;
      delete fields.msg;
      keepAsUserField(fields, 'msg', userMsg);
    }
    // More contexts than children kept: a one-off child, since a `context` field would be renamed as the caller's.
    if (context !== undefined) logger = logger.child({ context });
    logger[level](fields, msg);
  }
}
