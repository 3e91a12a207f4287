import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { EdgeConfig } from "../../shared/config/index.js";
import { OtlpHttpJsonExporter, parseOtlpHeaders } from "../../shared/telemetry/index.js";
import type { EdgeTracing } from "../ports/index.js";

// Off Workers the processor's own timer exports: at most a second late, in batches.
const EXPORT_DELAY_MS = 1_000;
const MAX_BATCH = 256;
// A collector that is down costs this many spans at most, not the isolate's memory.
const MAX_QUEUE = 2_048;
const EXPORT_TIMEOUT_MS = 10_000;

type TracingConfig = Pick<
  EdgeConfig,
  "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_EXPORTER_OTLP_HEADERS" | "OTEL_SERVICE_NAME" | "OTEL_TRACES_SAMPLER_ARG"
>;

/**
 * The edge's own tracer provider, not the global one: an isolate may serve several environments,
 * and the edge shares a process with origin services in tests. Spans always get real ids (the
 * outbox row and the logs carry them); they leave the isolate only when an endpoint is configured.
 */
export function createEdgeTracing(config: TracingConfig): EdgeTracing {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  const processor = endpoint
    ? new BatchSpanProcessor(
        new OtlpHttpJsonExporter({ endpoint, headers: parseOtlpHeaders(config.OTEL_EXPORTER_OTLP_HEADERS), timeoutMs: EXPORT_TIMEOUT_MS }),
        {
          scheduledDelayMillis: EXPORT_DELAY_MS,
          maxExportBatchSize: MAX_BATCH,
          maxQueueSize: MAX_QUEUE,
          exportTimeoutMillis: EXPORT_TIMEOUT_MS,
        },
      )
    : undefined;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG) }),
    spanProcessors: processor ? [processor] : [],
  });
  return {
    tracer: provider.getTracer("vod-edge"),
    // A failed export loses those spans and nothing else: the request they describe has been answered.
    flush: () => (processor ? processor.forceFlush().catch(() => undefined) : Promise.resolve()),
  };
}
