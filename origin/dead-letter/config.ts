import { z } from "zod";
import { intFromEnv, parseConfig } from "../../shared/config/parse-config.js";
import { natsServersFromEnv } from "../../shared/node/nats-servers.js";

/** Everything the dead-letter handler reads from its environment. */
export const deadLetterConfigSchema = z.object({
  NATS_URL: natsServersFromEnv(),
  METRICS_PORT: intFromEnv(1, 65_535).default(9467),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type DeadLetterConfig = z.infer<typeof deadLetterConfigSchema>;

export const parseDeadLetterConfig = (env: Record<string, unknown>): DeadLetterConfig => parseConfig(deadLetterConfigSchema, env);
