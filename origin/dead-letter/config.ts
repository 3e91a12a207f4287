import type { z } from "zod";
import { parseConfig } from "../../shared/config/parse-config.js";
import { baseServiceConfig, metricsPortFromEnv } from "../../shared/node/service-config.js";

/** Everything the dead-letter handler reads from its environment. */
export const deadLetterConfigSchema = baseServiceConfig.extend({
  METRICS_PORT: metricsPortFromEnv(9467),
});

export type DeadLetterConfig = z.infer<typeof deadLetterConfigSchema>;

export const parseDeadLetterConfig = (env: Record<string, unknown>): DeadLetterConfig => parseConfig(deadLetterConfigSchema, env);
