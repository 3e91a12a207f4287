import { z } from "zod";
import { directPostgresUrlFromEnv } from "../../shared/config/direct-postgres-url.js";
import { parseConfig } from "../../shared/config/parse-config.js";

/** What `npm run db:migrate` and the migration Job read. Secret: DATABASE_URL (Neon's direct string). */
export const migrateConfigSchema = z.object({
  DATABASE_URL: directPostgresUrlFromEnv("the migration lock is held for a whole session"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type MigrateConfig = z.infer<typeof migrateConfigSchema>;

export const parseMigrateConfig = (env: Record<string, unknown>): MigrateConfig => parseConfig(migrateConfigSchema, env);
