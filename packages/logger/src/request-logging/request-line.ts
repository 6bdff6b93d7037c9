import { RequestContext, type RequestContextData } from '@ballast/context';
import type { Logger as PinoLogger } from 'pino';
import type { ResolvedLoggerOptions } from '../logger.options.js';
import { redactQuery } from '../redaction/redact-query.js';

type RequestLoggingSettings = Exclude<ResolvedLoggerOptions['requestLogging'], false>;

type RequestLineLevel = 'info' | 'warn' | 'error';

/** What each adapter hands over when a request ends. @internal */
export interface RequestOutcome {
  method: string | undefined;
  /** Path and query string as received. */
  url: string;
  route: string | undefined;
  /** For an aborted request: `abortedStatus()`. */
  statusCode: number | undefined;
  /** Undefined when the adapter cannot tell (a Fastify request aborted outside any context). */
  durationMs: number | undefined;
  contentLength: unknown;
  requestIdHeader: unknown;
  aborted: boolean;
  /** The request's context (`RequestContext.of(request)`): adapters call us outside its async context. */
  context: RequestContextData | undefined;
}

/** Writes the one line per request; shared by the Express (raw Node) and Fastify hooks. @internal */
export class RequestLineWriter {
  /** True when a request to this url (path + query) gets no line. */
  readonly ignores: (url: string) => boolean;
  private readonly queryNames: ReadonlySet<string> | undefined;
  private readonly censor: string;

  constructor(
    private readonly logger: PinoLogger,
    settings: RequestLoggingSettings,
    redact: ResolvedLoggerOptions['redact'],
  ) {
    this.ignores = settings.ignores;
    this.queryNames = settings.query
      ? new Set(redact === false ? [] : redact.keys.map((k) => k.toLowerCase()))
      : undefined;
    this.censor = redact === false ? '' : redact.censor;
  }

  /**
   * The level of the line for a request ending this way, or undefined when the logger's level drops it: the hooks
   * ask first, so that with request lines off (e.g. `level: 'warn'` and a 200) they gather nothing.
   */
  levelFor(statusCode: number | undefined, aborted: boolean): RequestLineLevel | undefined {
    // Aborted requests and 4xx are warnings, 5xx errors, the rest info.
    const level = aborted ? 'warn' : statusCode! >= 500 ? 'error' : statusCode! >= 400 ? 'warn' : 'info';
    return this.logger.isLevelEnabled(level) ? level : undefined;
  }

  /** Writes the line at `level`, from `levelFor()`. */
  write(level: RequestLineLevel, outcome: RequestOutcome): void {
    const { statusCode, aborted } = outcome;
    const logger = this.logger;
    const url = outcome.url;
    const q = url.indexOf('?');
    const line: Record<string, unknown> = {
      // Without the context module, the id is whatever a proxy or the app put in the response header.
      requestId: outcome.context?.requestId ?? headerValue(outcome.requestIdHeader),
      method: outcome.method,
      route: outcome.route,
      path: q === -1 ? url : url.slice(0, q),
      statusCode,
      durationMs: outcome.durationMs === undefined ? undefined : Math.round(outcome.durationMs * 100) / 100,
      responseSize: toSize(outcome.contentLength),
    };
    if (q !== -1 && this.queryNames !== undefined && q < url.length - 1) {
      line.query = redactQuery(url.slice(q + 1), this.queryNames, this.censor);
    }
    if (aborted) line.aborted = true;
    const message = aborted ? 'request aborted' : 'request completed';
    const context = outcome.context;
    const current = RequestContext.current();
    if (context === undefined || current === context) {
      logger[level](line, message);
    } else if (current === undefined) {
      // The usual case (the adapters call us from the connection's events): the request's fields, written here
      // rather than by the logger's mixin, which sees no context.
      logger[level](hasFields(context.fields) ? Object.assign({}, context.fields, line) : line, message);
    } else {
      // Called inside another request's context (pipelined requests): that one's fields must not leak in.
      RequestContext.run(context, () => logger[level](line, message));
    }
  }
}

/**
 * The `statusCode` of an aborted request's line: the status the client received when the response had started (its
 * headers were sent before the connection closed), else 0, "no response": the client never saw a status (the code
 * the app may have set on an unsent response is not what happened). @internal
 */
export function abortedStatus(res: { headersSent: boolean; statusCode: number } | undefined): number {
  return res !== undefined && res.headersSent ? res.statusCode : 0;
}

function hasFields(fields: Record<string, unknown>): boolean {
  for (const _ in fields) return true;
  return false;
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function toSize(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
