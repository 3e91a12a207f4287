export { applyMigrations, type MigrationRun } from "./apply-migrations.js";
export { findMigrationsDir } from "./migrations-dir.js";
