import { ConfigError } from "../../shared/config/parse-config.js";
import { createLogger } from "../../shared/logger.js";
import { applyMigrations } from "./apply-migrations.js";
import { parseMigrateConfig } from "./config.js";

/** `npm run db:migrate` and the migration Job: applies migrations/ and says what it did, then exits. */
async function main(): Promise<void> {
  const config = parseMigrateConfig(process.env);
  const log = createLogger("migrate", { level: config.LOG_LEVEL });
  const run = await applyMigrations(config.DATABASE_URL);
  if (run.waited) log.info("waited for another migration run to finish");
  for (const tag of run.applied) log.info("applied migration", { migration: tag });
  if (run.applied.length === 0) log.info("nothing to apply: the database is up to date");
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger("migrate").error("migration failed", { err });
  process.exit(1);
});
