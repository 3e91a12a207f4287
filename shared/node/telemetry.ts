import { context, propagation, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { ParentBasedSampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { z } from "zod";
import { urlFromEnv } from "../config/parse-config.js";
import { telemetryConfigShape } from "../config/telemetry-config.js";
import type { Logger } from "../logger.js";

const TRACES_PATH = "/v1/traces";
// A collector that does not answer must not hold a stopping process past its orchestrator's grace.
const SHUTDOWN_DEADLINE_MS = 5_000;

/**
 * The standard OTEL_* variables a Node process honours, part of every service's config. Everything else
 * the SDK reads itself (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*, OTEL_TRACES_SAMPLER,
 * OTEL_SDK_DISABLED).
 */
export const telemetryConfigSchema = z.object({
  ...telemetryConfigShape,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: urlFromEnv(["http:", "https:"]).optional(),
  OTEL_TRACES_SAMPLER: z.string().optional(),
});

export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;

export interface Telemetry {
  /** Exports what is buffered and unregisters; call once the service's work has stopped. */
  shutdown(): Promise<void>;
}

/**
 * Tracing for one Node process, to start before the service's main work. With an endpoint, spans
 * are batched to OTLP/HTTP (JSON); without one no tracer is registered, so spans are the API's
 * non-recording ones: nothing is exported, yet the context a message arrived with is still passed on.
 */
export function startTelemetry(service: string, config: TelemetryConfig, log?: Logger): Telemetry {
  const tracesUrl = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? tracesUrlOf(config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME ?? service,
    ...(tracesUrl ? { traceExporter: new OTLPTraceExporter({ url: tracesUrl }) } : { spanProcessors: [] }),
    // OTEL_TRACES_SAMPLER, when set, is the SDK's to read; otherwise the ratio applies to new traces only.
    ...(config.OTEL_TRACES_SAMPLER === undefined && {
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG) }),
    }),
    // Traces only: metrics are Prometheus' (prom-client) and logs are JSON lines on stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  if (tracesUrl) log?.info("exporting traces", { url: tracesUrl, sampleRatio: config.OTEL_TRACES_SAMPLER_ARG });
  let stopped: Promise<void> | undefined;
  return {
    shutdown: () =>
      (stopped ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, SHUTDOWN_DEADLINE_MS);
        });
        await Promise.race([sdk.shutdown().catch((err: unknown) => log?.warn("trace export on shutdown failed", { err })), deadline]);
        clearTimeout(timer);
        trace.disable();
        context.disable();
        propagation.disable();
      })()),
  };
}

function tracesUrlOf(endpoint: string | undefined): string | undefined {
  return endpoint === undefined ? undefined : endpoint.replace(/\/+$/, "") + TRACES_PATH;
}
