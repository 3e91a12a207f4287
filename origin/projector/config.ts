import type { z } from "zod";
import { parseConfig, urlFromEnv } from "../../shared/config/parse-config.js";
import { baseServiceConfig, metricsPortFromEnv } from "../../shared/node/service-config.js";

/** Everything the projector reads from its environment. Secret: DATABASE_URL. */
export const projectorConfigSchema = baseServiceConfig.extend({
  DATABASE_URL: urlFromEnv(["postgres:", "postgresql:"]),
  METRICS_PORT: metricsPortFromEnv(9466),
});

export type ProjectorConfig = z.infer<typeof projectorConfigSchema>;

export const parseProjectorConfig = (env: Record<string, unknown>): ProjectorConfig => parseConfig(projectorConfigSchema, env);
