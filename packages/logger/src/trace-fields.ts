import { otelGlobal } from '@ballast/kernel';

/** The key under which the OTel API keeps the active span in a context (`createContextKey` is `Symbol.for`). */
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const TRACE_ID = /^[0-9a-f]{32}$/i;
const SPAN_ID = /^[0-9a-f]{16}$/i;
const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPAN_ID = '0000000000000000';

interface SpanLike {
  spanContext?(): { traceId?: unknown; spanId?: unknown } | undefined;
}

/**
 * The trace and span ids of the active OpenTelemetry span, or undefined. Read from the API's global registry (the
 * context manager an SDK registers), as `trace.getSpan(context.active())` does, so that the logger never imports
 * `@opentelemetry/api`: an app without tracing loads nothing and pays one property read per line. @internal
 */
export function activeTraceFields(): { traceId: string; spanId: string } | undefined {
  const manager = otelGlobal()?.context;
  if (manager === undefined) return undefined;
  const span = manager.active()?.getValue(SPAN_KEY) as SpanLike | undefined;
  const ids = span?.spanContext?.();
  if (ids === undefined) return undefined;
  const { traceId, spanId } = ids;
  // The API's isSpanContextValid: well-formed hex, not the all-zero "invalid" ids.
  if (typeof traceId !== 'string' || !TRACE_ID.test(traceId) || traceId === INVALID_TRACE_ID) return undefined;
  if (typeof spanId !== 'string' || !SPAN_ID.test(spanId) || spanId === INVALID_SPAN_ID) return undefined;
  return { traceId, spanId };
}
