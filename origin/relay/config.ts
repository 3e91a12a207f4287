import { z } from "zod";
import { directPostgresUrlFromEnv } from "../../shared/config/direct-postgres-url.js";
import { intFromEnv, parseConfig } from "../../shared/config/parse-config.js";
import { natsServersFromEnv } from "../../shared/node/nats-servers.js";

/** Everything the relay reads from its environment. Secret: DATABASE_URL. */
export const relayConfigSchema = z.object({
  DATABASE_URL: directPostgresUrlFromEnv("LISTEN and long transactions need a session"),
  NATS_URL: natsServersFromEnv(),
  METRICS_PORT: intFromEnv(1, 65_535).default(9464),
  RELAY_BATCH_SIZE: intFromEnv(1, 1_000).default(100),
  // Only the fallback: LISTEN/NOTIFY wakes the relay as soon as a row commits.
  RELAY_POLL_INTERVAL_MS: intFromEnv(100, 600_000).default(5_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;

export const parseRelayConfig = (env: Record<string, unknown>): RelayConfig => parseConfig(relayConfigSchema, env);
