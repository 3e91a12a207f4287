import { z } from "zod";
import { intFromEnv, parseConfig, urlFromEnv } from "../../shared/config/parse-config.js";
import { natsServersFromEnv } from "../../shared/node/nats-servers.js";

/** Everything the catalog projector reads from its environment. Secret: DATABASE_URL. */
export const catalogConfigSchema = z.object({
  DATABASE_URL: urlFromEnv(["postgres:", "postgresql:"]),
  NATS_URL: natsServersFromEnv(),
  METRICS_PORT: intFromEnv(1, 65_535).default(9466),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;

export const parseCatalogConfig = (env: Record<string, unknown>): CatalogConfig => parseConfig(catalogConfigSchema, env);
