import { z } from "zod";
import { intFromEnv, logLevelFromEnv } from "../config/parse-config.js";
import { natsServersFromEnv } from "./nats-servers.js";
import { STREAM_REPLICAS } from "./streams.js";
import { telemetryConfigSchema } from "./telemetry.js";

// 0 picks a free port (tests).
const metricsPort = intFromEnv(0, 65_535);

/**
 * What every origin process reads; each service's schema extends it (runService parses it, connects to
 * NATS_URL, declares the streams at JETSTREAM_REPLICAS, serves METRICS_PORT, logs at LOG_LEVEL, traces per
 * the OTEL_* variables). A process without NATS omits NATS_URL and JETSTREAM_REPLICAS.
 */
export const baseServiceConfig = z.object({
  NATS_URL: natsServersFromEnv(),
  // Production runs 3 (a node can be lost without losing a message); every process must be given the same.
  JETSTREAM_REPLICAS: z.coerce.number().pipe(z.literal(STREAM_REPLICAS)).default(1),
  METRICS_PORT: metricsPort,
  LOG_LEVEL: logLevelFromEnv(),
  ...telemetryConfigSchema.shape,
});

export type BaseServiceConfig = z.infer<typeof baseServiceConfig>;

/** Each service has a port of its own by default, so a whole pool can run on one host. */
export const metricsPortFromEnv = (defaultPort: number) => metricsPort.default(defaultPort);
