import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { describe, expect, it } from "vitest";
import { contextFrom, recordCarrier, writeTrace } from "./carriers.js";
import { toOtlpJson } from "./otlp-json.js";
import { parseOtlpHeaders } from "./otlp-http-exporter.js";
import { formatTraceparent, parseTraceparent, traceFieldsOf } from "./traceparent.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN_ID = "00f067aa0ba902b7";
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe("traceparent", () => {
  it("parses a valid header into a remote span context and formats it back", () => {
    const parsed = parseTraceparent(TRACEPARENT, "vendor=abc");
    expect(parsed).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true });
    expect(parsed?.traceState?.get("vendor")).toBe("abc");
    expect(formatTraceparent(parsed!)).toBe(TRACEPARENT);
    expect(traceFieldsOf(parsed)).toEqual({ traceparent: TRACEPARENT, tracestate: "vendor=abc" });
  });

  it("refuses malformed, all-zero and version ff headers, and accepts a future version's extra fields", () => {
    for (const bad of [
      "",
      "garbage",
      `00-${"0".repeat(32)}-${SPAN_ID}-01`,
      `00-${TRACE_ID}-${"0".repeat(16)}-01`,
      `ff-${TRACE_ID}-${SPAN_ID}-01`,
      `00-${TRACE_ID}-${SPAN_ID}-01-extra`,
      `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`,
    ]) {
      expect(parseTraceparent(bad), bad).toBeUndefined();
    }
    expect(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-01-extra`)?.traceId).toBe(TRACE_ID);
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-00`)?.traceFlags).toBe(TraceFlags.NONE);
  });

  it("drops an oversized tracestate rather than the whole context", () => {
    expect(parseTraceparent(TRACEPARENT, `k=${"v".repeat(600)}`)?.traceState).toBeUndefined();
  });
});

describe("carriers", () => {
  it("takes the first carrier naming a valid parent: headers before a body's copy", () => {
    const headers = new Headers({ traceparent: TRACEPARENT });
    const body = recordCarrier({ traceparent: `00-${"a".repeat(32)}-${"b".repeat(16)}-01` });
    expect(trace.getSpanContext(contextFrom([headers, body]))?.traceId).toBe(TRACE_ID);
    expect(trace.getSpanContext(contextFrom([new Headers(), body]))?.traceId).toBe("a".repeat(32));
    expect(contextFrom([undefined, recordCarrier({ traceparent: 42 })])).toBe(ROOT_CONTEXT);
  });

  it("treats NATS' empty string for a missing header as absent", () => {
    expect(contextFrom([{ get: () => "" }])).toBe(ROOT_CONTEXT);
  });

  it("writes traceparent and tracestate, and nothing for an invalid context", () => {
    const out: Record<string, unknown> = {};
    writeTrace(recordCarrier(out), parseTraceparent(TRACEPARENT, "a=1"));
    expect(out).toEqual({ traceparent: TRACEPARENT, tracestate: "a=1" });
    const none: Record<string, unknown> = {};
    writeTrace(
      recordCarrier(none),
      trace.wrapSpanContext({ traceId: "0".repeat(32), spanId: "0".repeat(16), traceFlags: 0 }).spanContext(),
    );
    expect(none).toEqual({});
  });
});

describe("OTLP/JSON encoding", () => {
  it("encodes spans with hex ids, parent, nanosecond strings, OTLP kinds and typed attributes", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "edge" }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer("vod-edge", "1.0.0");
    const parent = contextFrom([recordCarrier({ traceparent: TRACEPARENT })]);
    const span = tracer.startSpan(
      "GET /videos/:id",
      { kind: SpanKind.SERVER, startTime: [1_700_000_000, 5], attributes: { s: "x", n: 404, d: 0.5, b: true, list: ["a", "b"] } },
      parent,
    );
    span.end([1_700_000_001, 0]);
    const request = toOtlpJson(exporter.getFinishedSpans());
    expect(request.resourceSpans).toHaveLength(1);
    const [resourceSpans] = request.resourceSpans;
    expect(resourceSpans?.resource.attributes).toContainEqual({ key: "service.name", value: { stringValue: "edge" } });
    expect(resourceSpans?.scopeSpans[0]?.scope).toEqual({ name: "vod-edge", version: "1.0.0" });
    const encoded = resourceSpans?.scopeSpans[0]?.spans[0];
    expect(encoded).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: SPAN_ID,
      name: "GET /videos/:id",
      kind: 2,
      startTimeUnixNano: "1700000000000000005",
      endTimeUnixNano: "1700000001000000000",
      status: { code: 0 },
    });
    expect(encoded?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(encoded?.attributes).toEqual([
      { key: "s", value: { stringValue: "x" } },
      { key: "n", value: { intValue: "404" } },
      { key: "d", value: { doubleValue: 0.5 } },
      { key: "b", value: { boolValue: true } },
      { key: "list", value: { arrayValue: { values: [{ stringValue: "a" }, { stringValue: "b" }] } } },
    ]);
    await provider.shutdown();
  });

  it("reads OTEL_EXPORTER_OTLP_HEADERS", () => {
    expect(parseOtlpHeaders("x-api-key=abc%3D, Authorization=Basic dTpw,broken")).toEqual({
      "x-api-key": "abc=",
      Authorization: "Basic dTpw",
    });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });
});
