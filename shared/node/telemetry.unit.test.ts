import { trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { startOtlpReceiver } from "../../local/testing/otlp-receiver.js";
import { ConfigError, parseConfig } from "../config/parse-config.js";
import { contextFrom, recordCarrier, traceFieldsOf } from "../telemetry/index.js";
import { startTelemetry, telemetryConfigSchema } from "./telemetry.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const otel = (env: Record<string, string>) => parseConfig(telemetryConfigSchema, env);

describe("Node telemetry", () => {
  it("without an endpoint records nothing, yet passes the incoming context on unchanged", async () => {
    const telemetry = startTelemetry("relay", otel({}));
    try {
      const span = trace.getTracer("test").startSpan("relay publish", {}, contextFrom([recordCarrier({ traceparent: TRACEPARENT })]));
      expect(span.isRecording()).toBe(false);
      expect(traceFieldsOf(span.spanContext())).toEqual({ traceparent: TRACEPARENT });
    } finally {
      await telemetry.shutdown();
    }
  });

  it("with an endpoint exports spans as OTLP/HTTP JSON under the service's name, children of the incoming context", async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = startTelemetry("projector", otel({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/` }));
    try {
      trace
        .getTracer("test")
        .startSpan("apply encoded", {}, contextFrom([recordCarrier({ traceparent: TRACEPARENT })]))
        .end();
      // Shutting down flushes the batch.
      await telemetry.shutdown();
      expect(receiver.spans()).toMatchObject([
        { service: "projector", name: "apply encoded", traceId: TRACEPARENT.slice(3, 35), parentSpanId: "00f067aa0ba902b7" },
      ]);
    } finally {
      await telemetry.shutdown();
      await receiver.close();
    }
  });

  it("honours OTEL_SERVICE_NAME and a sampling ratio of 0 for new traces", async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = startTelemetry(
      "encoder",
      otel({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: "encoder-gpu", OTEL_TRACES_SAMPLER_ARG: "0" }),
    );
    try {
      trace.getTracer("test").startSpan("new trace, not sampled").end();
      trace
        .getTracer("test")
        .startSpan("sampled upstream", {}, contextFrom([recordCarrier({ traceparent: TRACEPARENT })]))
        .end();
      await telemetry.shutdown();
      expect(receiver.spans().map((s) => [s.service, s.name])).toEqual([["encoder-gpu", "sampled upstream"]]);
    } finally {
      await receiver.close();
    }
  });

  it("refuses a malformed endpoint or ratio, naming the variable", () => {
    expect(() => otel({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(ConfigError);
    expect(() => otel({ OTEL_TRACES_SAMPLER_ARG: "2" })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});
