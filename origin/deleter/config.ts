import { z } from "zod";
import { intFromEnv, parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigShape } from "../../shared/config/storage-config.js";
import { natsServersFromEnv } from "../../shared/node/nats-servers.js";

/** Everything the video deleter reads from its environment. Secret: S3_SECRET_ACCESS_KEY. */
export const deleterConfigSchema = z.object({
  NATS_URL: natsServersFromEnv(),
  ...storageConfigShape,
  METRICS_PORT: intFromEnv(1, 65_535).default(9469),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type DeleterConfig = z.infer<typeof deleterConfigSchema>;
export const parseDeleterConfig = (env: Record<string, unknown>): DeleterConfig => parseConfig(deleterConfigSchema, env);
