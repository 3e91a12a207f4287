import { createTraceState, isSpanContextValid, TraceFlags, type SpanContext } from "@opentelemetry/api";

/** W3C trace context as it travels in headers and in job and event bodies. */
export interface TraceFields {
  traceparent?: string;
  tracestate?: string;
}

// version-traceid-parentid-flags; a later version may append fields after a dash (W3C §3.3).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const CURRENT_VERSION = "00";
const INVALID_VERSION = "ff";
// The W3C limit is 32 list members; 512 characters is what the spec asks vendors to propagate at least.
const MAX_TRACESTATE_LENGTH = 512;

/** The remote span context a traceparent names, or undefined for anything malformed or all-zero. */
export function parseTraceparent(traceparent: string | null | undefined, tracestate?: string | null): SpanContext | undefined {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === INVALID_VERSION || (version === CURRENT_VERSION && rest !== undefined)) return undefined;
  const spanContext: SpanContext = {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: Number.parseInt(flags!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  if (!isSpanContextValid(spanContext)) return undefined;
  if (tracestate && tracestate.length <= MAX_TRACESTATE_LENGTH) spanContext.traceState = createTraceState(tracestate);
  return spanContext;
}

export function formatTraceparent(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, "0");
  return `${CURRENT_VERSION}-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** The fields to store or send for a span context; empty when there is no valid context to continue. */
export function traceFieldsOf(spanContext: SpanContext | undefined): TraceFields {
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  const tracestate = spanContext.traceState?.serialize();
  return { traceparent: formatTraceparent(spanContext), ...(tracestate ? { tracestate } : {}) };
}
