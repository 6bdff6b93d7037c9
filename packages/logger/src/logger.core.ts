import type { OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { RequestContext } from '@ballast/context';
import { pino, type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import { BatchedDestination } from './batched-destination.js';
import { logFatalErrors, stopLoggingFatalErrors } from './fatal-errors.js';
import { importOptional } from './import-optional.js';
import { LOGGER_FLUSH_TIMEOUT_MS } from '@ballast/kernel';
import { prettyUnavailable } from './logger.errors.js';
import type { ResolvedLoggerOptions } from './logger.options.js';
import { guardReservedFields, reservedFields } from './reserved-fields.js';
import { serializeError } from './serialize-error.js';
import { countLine } from './logger.telemetry.js';
import { redactPaths } from './redaction/redact-paths.js';
import { createNestedRedactor, Redactor } from './redaction/redact-nested.js';
import { createKeyMatcher } from './redaction/sensitive-keys.js';
import { createRequestSerializers } from './request-logging/request-serializers.js';
import { escapeControlCharacters, escapeLineSeparators } from './redaction/escape.js';
import { activeTraceFields } from './trace-fields.js';

/** Longest a buffered line waits before it is written (`sync: false`). */
const FLUSH_EVERY_MS = 100;
/** Buffered lines are written in batches of about this many characters (`sync: false`). */
const BATCH_CHARS = 32 * 1024;

type TraceFields = () => { traceId: string; spanId: string } | undefined;

// Returned by the mixin outside any context: never mutated (see mixinMergeStrategy), so no allocation per line.
const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Owns the pino instance of the app: creates it from the resolved options, flushes it on shutdown.
 * Built by `createLoggerCore` (async: optional peers are loaded lazily). @internal (exported for DI by type)
 */
export class LoggerCore implements OnApplicationShutdown {
  constructor(
    /** The pino logger every BallastLogger method and the request line write through. */
    readonly pino: PinoLogger,
    readonly options: ResolvedLoggerOptions,
    /** The batched destination ballast opened (`sync: false`); undefined otherwise. */
    private readonly buffered?: { flushSync(): void },
    /** Redacts URL passwords and sensitive query parameters in a message (identity with `redact: false`). */
    readonly redactMessage: (message: string) => string = (message) => message,
  ) {}

  /**
   * Writes out whatever pino or its destination still buffers. Never rejects, and never hangs a shutdown: it
   * resolves after `LOGGER_FLUSH_TIMEOUT_MS` at most (a destination that stopped accepting writes).
   */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, LOGGER_FLUSH_TIMEOUT_MS);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        // pino's flush reaches the app's own streams; the batch of ballast's destination is written here, at once.
        try {
          this.buffered?.flushSync();
        } catch {
          // Not open yet, or destroyed: nothing more can be written.
        }
        resolve();
      };
      try {
        this.pino.flush(done);
      } catch {
        // A destination that is not open yet has nothing buffered.
        done();
      }
    });
  }

  /** Writes out the batch of ballast's destination now (a fatal error: the process is about to end). @internal */
  flushBufferedSync(): void {
    try {
      this.buffered?.flushSync();
    } catch {
      // Output gone: nothing left to write to.
    }
  }

  async onApplicationShutdown(): Promise<void> {
    stopLoggingFatalErrors(this);
    await this.flush();
  }
}

function createMixin(
  traceFields: TraceFields | undefined,
): (obj: object, level: number, logger: PinoLogger) => Record<string, unknown> {
  // pino calls the mixin once per line written, with its level: where `ballast.logger.lines` is counted.
  return (_obj, level, logger) => {
    countLine(level, logger.levels.labels);
    const store = RequestContext.current();
    const span = traceFields?.();
    if (store === undefined) return span ?? NO_FIELDS;
    const fields: Record<string, unknown> = { requestId: store.requestId };
    for (const key in store.fields) fields[key] = store.fields[key];
    if (span !== undefined) {
      fields.traceId = span.traceId;
      fields.spanId = span.spanId;
    }
    return fields;
  };
}

async function createPrettyStream(options: ResolvedLoggerOptions): Promise<DestinationStream> {
  let build: typeof import('pino-pretty').build;
  try {
    const mod = await importOptional<typeof import('pino-pretty')>('pino-pretty');
    // CJS package: the function is `build` (and the default export); read it whatever the interop shape.
    build = mod.build ?? (mod as unknown as { default: { build: typeof mod.build } }).default.build;
  } catch (error) {
    throw prettyUnavailable(error);
  }
  return build({
    destination: options.destination as number | string | NodeJS.WritableStream,
    sync: true,
    colorize: typeof options.destination === 'number' ? undefined : false,
    ignore: 'pid,hostname,context',
    translateTime: 'SYS:HH:MM:ss.l',
    // A message or context with \n, \r or an ANSI escape must not forge lines or recolor the terminal.
    messageFormat: (log: Record<string, unknown>, messageKey: string) => {
      const context = typeof log.context === 'string' ? `[${escapeControlCharacters(log.context)}] ` : '';
      const message = log[messageKey];
      return context + escapeControlCharacters(typeof message === 'string' ? message : String(message ?? ''));
    },
  });
}

function createDestination(options: ResolvedLoggerOptions): DestinationStream | BatchedDestination {
  const { destination, sync } = options;
  if (typeof destination !== 'number' && typeof destination !== 'string') return destination as DestinationStream;
  if (sync) return pino.destination({ dest: destination, sync: true, mkdir: true });
  // A path is opened here, synchronously, so that a line logged right before an exit has somewhere to go.
  const fd = typeof destination === 'number' ? destination : openAppend(destination);
  // Large batches: on a busy server each write is one system call per 32 KiB of lines; the delay keeps a quiet
  // app's lines from waiting, and the batch is written synchronously at exit.
  const sink = pino.destination({ dest: fd, sync: true, maxWrite: 2 * BATCH_CHARS });
  return new BatchedDestination(sink, BATCH_CHARS, FLUSH_EVERY_MS);
}

function openAppend(path: string): number {
  mkdirSync(dirname(path), { recursive: true });
  return openSync(path, 'a');
}

/** Builds the pino instance from resolved options. @internal */
export async function createLoggerCore(options: ResolvedLoggerOptions): Promise<LoggerCore> {
  const traceFields = options.traceFields ? activeTraceFields : undefined;
  const reserved = reservedFields(options.base);
  const redactor =
    options.redact === false
      ? undefined
      : new Redactor(createKeyMatcher(options.redact.keys, options.redact.patterns), options.redact.censor);
  const pinoOptions: LoggerOptions = {
    level: options.level,
    serializers: {
      // Errors are redacted after serialization: own fields, causes, an axios error's config and response.
      err: redactor === undefined ? serializeError : (err: unknown) => redactor.redact(serializeError(err)),
      ...createRequestSerializers(
        new Set(options.redact === false ? [] : options.redact.keys.map((k) => k.toLowerCase())),
        options.redact === false ? '' : options.redact.censor,
      ),
    },
    mixin: createMixin(traceFields),
    // The default strategy assigns into the mixin's object; NO_FIELDS is shared, so merge the other way round.
    // A caller's `level`, `time`, `context`, base field or (in a request) `requestId` is renamed, never written over
    // the real one or as a duplicate key (see reserved-fields.ts).
    mixinMergeStrategy: (mergeObject, mixinObject) => {
      const fields = guardReservedFields(
        mergeObject as Record<string, unknown>,
        mixinObject as Record<string, unknown>,
        reserved,
      );
      return mixinObject === NO_FIELDS ? fields : Object.assign(mixinObject, fields);
    },
    // JSON already escapes \n, \r and \x1b; U+2028/U+2029 are valid JSON but end a line for some readers.
    hooks: { streamWrite: escapeLineSeparators },
  };
  if (options.base !== undefined) pinoOptions.base = options.base;
  if (options.redact !== false) {
    const { keys, paths, censor } = options.redact;
    // Top-level keys are redacted by both: pino also applies its paths to the bindings of child loggers.
    pinoOptions.redact = { paths: redactPaths(keys, paths), censor };
    const skip = new Set(Object.keys(pinoOptions.serializers!));
    pinoOptions.formatters = { log: createNestedRedactor(redactor!, skip) };
  }
  let core: LoggerCore;
  const redactMessage = redactor === undefined ? undefined : (message: string) => redactor.redactText(message);
  if (options.pretty) {
    core = new LoggerCore(pino(pinoOptions, await createPrettyStream(options)), options, undefined, redactMessage);
  } else {
    const stream = createDestination(options);
    const batched = stream instanceof BatchedDestination ? stream : undefined;
    core = new LoggerCore(pino(pinoOptions, stream), options, batched, redactMessage);
  }
  // Uncaught exceptions and unhandled rejections get one JSON line before the process ends (until app shutdown).
  logFatalErrors(core);
  return core;
}
