import { z } from "zod";
import { urlFromEnv } from "./parse-config.js";

/** The OTEL_* variables the edge and the Node processes both honour. */
export const telemetryConfigShape = {
  // Traces as OTLP/HTTP JSON to this collector (`/v1/traces` is appended); unset, nothing is exported.
  OTEL_EXPORTER_OTLP_ENDPOINT: urlFromEnv(["http:", "https:"]).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  // Share of new traces recorded; a trace started upstream follows its caller's decision.
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
};
