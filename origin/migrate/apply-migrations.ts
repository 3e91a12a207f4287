import { readFile } from "node:fs/promises";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { findMigrationsDir, journalPath } from "./migrations-dir.js";

// One key for every run against a database: the dev launcher, the tests, `npm run db:migrate`, the Job.
const LOCK_KEY = 7316001;

export interface MigrationRun {
  /** drizzle-kit tags (e.g. `0003_refresh_replaced_by`) this run applied, oldest first; empty when up to date. */
  applied: string[];
  /** True when another run held the lock first and this one waited for it. */
  waited: boolean;
}

interface Journal {
  entries: { tag: string; when: number }[];
}

/**
 * Applies drizzle-kit's SQL migrations over a direct connection (a transaction pooler keeps no session,
 * so the lock would not hold). Runs take turns on a session advisory lock; drizzle applies what is
 * pending in one transaction, so a failed run leaves the schema as it was.
 */
export async function applyMigrations(databaseUrl: string, migrationsDir = findMigrationsDir()): Promise<MigrationRun> {
  const journal = JSON.parse(await readFile(journalPath(migrationsDir), "utf8")) as Journal;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [LOCK_KEY]);
    const waited = !rows[0]?.locked;
    if (waited) await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    const before = await appliedStamps(client);
    await migrate(drizzle({ client }), { migrationsFolder: migrationsDir });
    const after = await appliedStamps(client);
    const applied = journal.entries.filter((e) => after.has(e.when) && !before.has(e.when)).map((e) => e.tag);
    return { applied, waited };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** drizzle records each applied migration by its journal timestamp (`created_at` = the entry's `when`). */
async function appliedStamps(client: pg.Client): Promise<Set<number>> {
  const { rows } = await client.query<{ exists: boolean }>("select to_regclass('drizzle.__drizzle_migrations') is not null as exists");
  if (!rows[0]?.exists) return new Set();
  const stamps = await client.query<{ created_at: string }>("select created_at from drizzle.__drizzle_migrations");
  return new Set(stamps.rows.map((r) => Number(r.created_at)));
}
