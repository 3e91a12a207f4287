import type { z } from "zod";
import { directPostgresUrlFromEnv } from "../../shared/config/direct-postgres-url.js";
import { intFromEnv, parseConfig } from "../../shared/config/parse-config.js";
import { baseServiceConfig, metricsPortFromEnv } from "../../shared/node/service-config.js";

/** Everything the relay reads from its environment. Secret: DATABASE_URL. */
export const relayConfigSchema = baseServiceConfig.extend({
  DATABASE_URL: directPostgresUrlFromEnv("LISTEN and long transactions need a session"),
  METRICS_PORT: metricsPortFromEnv(9464),
  RELAY_BATCH_SIZE: intFromEnv(1, 1_000).default(100),
  // Only the fallback: LISTEN/NOTIFY wakes the relay as soon as a row commits.
  RELAY_POLL_INTERVAL_MS: intFromEnv(100, 600_000).default(5_000),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;

export const parseRelayConfig = (env: Record<string, unknown>): RelayConfig => parseConfig(relayConfigSchema, env);
