import pg from "pg";
import { applyMigrations } from "../../origin/migrate/index.js";

const ADMIN_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DATABASE = "vod_relay_test";
const DUPLICATE_DATABASE = "42P04";

/**
 * A test file's own database (by default the relay tests'), created on first use and migrated; the
 * outbox starts empty so the backlog gauge has a known value and no other relay takes its rows.
 * Returns its URL.
 */
export async function prepareTestDatabase(database = DATABASE): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${database}`).catch((err: unknown) => {
        // Another run created it between the check and here.
        if ((err as { code?: string }).code !== DUPLICATE_DATABASE) throw err;
      });
    }
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  await applyMigrations(url.toString());
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  await db.query("TRUNCATE outbox").finally(() => db.end());
  return url.toString();
}
