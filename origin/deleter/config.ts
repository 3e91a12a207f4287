import type { z } from "zod";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigShape } from "../../shared/config/storage-config.js";
import { baseServiceConfig, metricsPortFromEnv } from "../../shared/node/service-config.js";

/** Everything the video deleter reads from its environment. Secret: S3_SECRET_ACCESS_KEY. */
export const deleterConfigSchema = baseServiceConfig.extend({
  ...storageConfigShape,
  METRICS_PORT: metricsPortFromEnv(9469),
});

export type DeleterConfig = z.infer<typeof deleterConfigSchema>;
export const parseDeleterConfig = (env: Record<string, unknown>): DeleterConfig => parseConfig(deleterConfigSchema, env);
