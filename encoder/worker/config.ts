import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError, intFromEnv, parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigShape } from "../../shared/config/storage-config.js";
import { LADDER_MODES } from "../media/index.js";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { baseServiceConfig, metricsPortFromEnv } from "../../shared/node/service-config.js";

const MINUTE_MS = 60_000;
// Four heartbeats per ack_wait: a couple can be lost or late before the server redelivers a running job.
const HEARTBEATS_PER_ACK_WAIT = 4;
// Below this, heartbeats would be chatty and a GC pause could cost a redelivery.
const MIN_ACK_WAIT_MS = 2_000;
// Under Kubernetes' default 30 s termination grace, leaving time to hand jobs back and close NATS.
const DEFAULT_STOP_GRACE_MS = 25_000;
// Enough for a pool of a few dozen workers; the server stops delivering past it.
const DEFAULT_MAX_ACK_PENDING = 64;

/**
 * Everything an encoder worker reads from its environment. Secret: S3_SECRET_ACCESS_KEY.
 * ENCODER_HEARTBEAT_MS defaults to a quarter of ENCODER_ACK_WAIT_MS (see `parseEncoderConfig`).
 */
export const encoderConfigSchema = baseServiceConfig.extend({
  ...storageConfigShape,
  ENCODER_CONCURRENCY: intFromEnv(1, 64).default(1),
  ENCODER_ACK_WAIT_MS: intFromEnv(MIN_ACK_WAIT_MS, 60 * MINUTE_MS).default(CONSUMERS.encoder.ackWaitMs),
  ENCODER_MAX_DELIVER: intFromEnv(1, 100).default(CONSUMERS.encoder.maxDeliver),
  ENCODER_MAX_ACK_PENDING: intFromEnv(1, 10_000).default(DEFAULT_MAX_ACK_PENDING),
  ENCODER_HEARTBEAT_MS: intFromEnv(100, 30 * MINUTE_MS).optional(),
  // A folder of our own: the worker sweeps work directories that a killed worker left in it.
  ENCODER_TMP_DIR: z.string().min(1).default(join(tmpdir(), "vod-encoder")),
  ENCODER_STOP_GRACE_MS: intFromEnv(0, 60 * MINUTE_MS).default(DEFAULT_STOP_GRACE_MS),
  // The clock players of a still-encoding video sync to (the edge's GET /time); the edge rewrites it per
  // viewer anyway, so it matters only for the raw CDN manifest.
  ENCODER_UTC_TIMING_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Adaptive (each rung stops spending at a quality floor, today's bitrates as the most it spends) or the fixed ladder.
  ENCODER_LADDER: z.enum(LADDER_MODES).default("adaptive"),
  // AV1 rungs beside the H.264 ones: fewer bits for browsers that decode AV1, several times the CPU.
  ENCODER_AV1: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  METRICS_PORT: metricsPortFromEnv(9465),
});

export type EncoderConfig = Omit<z.infer<typeof encoderConfigSchema>, "ENCODER_HEARTBEAT_MS"> & { ENCODER_HEARTBEAT_MS: number };

export function parseEncoderConfig(env: Record<string, unknown>): EncoderConfig {
  const { ENCODER_HEARTBEAT_MS, ...config } = parseConfig(encoderConfigSchema, env);
  const heartbeatMs = ENCODER_HEARTBEAT_MS ?? Math.floor(config.ENCODER_ACK_WAIT_MS / HEARTBEATS_PER_ACK_WAIT);
  if (heartbeatMs >= config.ENCODER_ACK_WAIT_MS) {
    throw new ConfigError(["ENCODER_HEARTBEAT_MS: must be shorter than ENCODER_ACK_WAIT_MS, or every job is redelivered while it runs"]);
  }
  return { ...config, ENCODER_HEARTBEAT_MS: heartbeatMs };
}
