import { ROOT_CONTEXT, trace, type Context, type SpanContext } from "@opentelemetry/api";
import { parseTraceparent, traceFieldsOf, type TraceFields } from "./traceparent.js";

export const TRACE_HEADERS = ["traceparent", "tracestate"] as const;

/** Header-style read access: fetch `Headers`, NATS `MsgHdrs`, or a record through `recordCarrier`. */
export interface HeaderReader {
  get(name: string): string | null | undefined;
}

export interface HeaderWriter {
  set(name: string, value: string): void;
}

/** A plain record (an outbox row's `headers`, a body's `trace`) as a carrier; non-strings are absent. */
export function recordCarrier(record: Record<string, unknown>): HeaderReader & HeaderWriter {
  return {
    get: (name) => {
      const value = record[name];
      return typeof value === "string" ? value : undefined;
    },
    set: (name, value) => {
      record[name] = value;
    },
  };
}

/** The remote parent a carrier names, if any. NATS answers "" for a missing header, hence `||`. */
function remoteParent(carrier: HeaderReader | undefined): SpanContext | undefined {
  return parseTraceparent(carrier?.get("traceparent") || undefined, carrier?.get("tracestate") || undefined);
}

/**
 * The context to start a span in: the first carrier naming a valid parent wins (headers before a
 * body's copy, since a hop in between may have replaced the headers with its own span).
 */
export function contextFrom(carriers: readonly (HeaderReader | undefined)[], base: Context = ROOT_CONTEXT): Context {
  for (const carrier of carriers) {
    const parent = remoteParent(carrier);
    if (parent) return trace.setSpanContext(base, parent);
  }
  return base;
}

/** Writes a span context's traceparent (and tracestate) into a carrier; writes nothing for an invalid one. */
export function writeTrace(carrier: HeaderWriter, spanContext: SpanContext | undefined): TraceFields {
  const fields = traceFieldsOf(spanContext);
  for (const name of TRACE_HEADERS) {
    const value = fields[name];
    if (value) carrier.set(name, value);
  }
  return fields;
}
