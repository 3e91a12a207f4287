import type { Attributes, AttributeValue, HrTime } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/**
 * OTLP/JSON (ExportTraceServiceRequest) for a batch of spans, by hand: the official serializer
 * pulls in protobuf machinery that a Worker bundle does not need. Ids are hex, 64-bit numbers are
 * decimal strings, as the OTLP/JSON mapping asks.
 */
export interface OtlpTraceRequest {
  resourceSpans: OtlpResourceSpans[];
}

interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] };
  scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpan[] }[];
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  links: { traceId: string; spanId: string; attributes: OtlpKeyValue[] }[];
  status: { code: number; message?: string };
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } };

// The API's SpanKind starts at INTERNAL = 0; OTLP reserves 0 for "unspecified".
const OTLP_KIND_OFFSET = 1;
const NANOS_PER_SECOND = 1_000_000_000n;

export function toOtlpJson(spans: readonly ReadableSpan[]): OtlpTraceRequest {
  const byResource = new Map<
    ReadableSpan["resource"],
    Map<string, { scope: OtlpResourceSpans["scopeSpans"][number]["scope"]; spans: OtlpSpan[] }>
  >();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (!scopes) byResource.set(span.resource, (scopes = new Map()));
    const { name, version } = span.instrumentationScope;
    const key = `${name}@${version ?? ""}`;
    let scope = scopes.get(key);
    if (!scope) scopes.set(key, (scope = { scope: { name, ...(version ? { version } : {}) }, spans: [] }));
    scope.spans.push(toOtlpSpan(span));
  }
  return {
    resourceSpans: [...byResource].map(([resource, scopes]) => ({
      resource: { attributes: toKeyValues(resource.attributes) },
      scopeSpans: [...scopes.values()],
    })),
  };
}

function toOtlpSpan(span: ReadableSpan): OtlpSpan {
  const context = span.spanContext();
  const traceState = context.traceState?.serialize();
  const parentSpanId = span.parentSpanContext?.spanId;
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    ...(traceState ? { traceState } : {}),
    name: span.name,
    kind: span.kind + OTLP_KIND_OFFSET,
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: toKeyValues(span.attributes),
    events: span.events.map((e) => ({ timeUnixNano: nanos(e.time), name: e.name, attributes: toKeyValues(e.attributes ?? {}) })),
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: toKeyValues(l.attributes ?? {}) })),
    status: { code: span.status.code, ...(span.status.message ? { message: span.status.message } : {}) },
  };
}

function nanos([seconds, nanoseconds]: HrTime): string {
  return (BigInt(seconds) * NANOS_PER_SECOND + BigInt(nanoseconds)).toString();
}

function toKeyValues(attributes: Attributes): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const [key, raw] of Object.entries(attributes)) {
    const value = toAnyValue(raw);
    if (value) out.push({ key, value });
  }
  return out;
}

function toAnyValue(value: AttributeValue | undefined | null): OtlpAnyValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  const values: OtlpAnyValue[] = [];
  for (const item of value) {
    const converted = toAnyValue(item);
    if (converted) values.push(converted);
  }
  return { arrayValue: { values } };
}
