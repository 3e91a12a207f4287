import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const JOURNAL = join("meta", "_journal.json");

/**
 * The nearest `migrations/` folder (one holding drizzle-kit's journal) at or above `from`: two levels up
 * from this file in the repo, beside the bundle in the image (/app/migrate.mjs, /app/migrations).
 */
export function findMigrationsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, JOURNAL))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no migrations folder (with ${JOURNAL}) at or above ${from}`);
  }
}

export const journalPath = (migrationsDir: string) => join(migrationsDir, JOURNAL);
