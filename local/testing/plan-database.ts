import { randomBytes } from "node:crypto";
import pg from "pg";
import { prepareTestDatabase } from "./test-database.js";

const ADMIN_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface PlanDatabase {
  url: string;
  client: pg.Client;
  /** The plan Postgres makes for `sql` with these parameters, as EXPLAIN prints it. */
  explain(sql: string, params: unknown[]): Promise<string>;
  /** Closes the client and drops the database. */
  drop(): Promise<void>;
}

/**
 * A migrated database of a test file's own, for looking at query plans at catalog scale: the planner
 * chooses as it would in production only over production-like row counts, which a shared database
 * would lend to every other test.
 */
export async function planDatabase(prefix: string): Promise<PlanDatabase> {
  const database = `${prefix}_${randomBytes(4).toString("hex")}`;
  const url = await prepareTestDatabase(database);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    url,
    client,
    explain: async (sql, params) => {
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`explain ${sql}`, params);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    },
    drop: async () => {
      await client.end();
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${database} with (force)`).finally(() => admin.end());
    },
  };
}

/**
 * Follows a keyset listing `pages` pages deep: every item in order, and the timestamps at which a page
 * ended inside a run of equal ones (where a cursor's tie-break is put to work).
 */
export async function walkPages<T extends { id: string }>(
  pages: number,
  page: (cursor: string | null) => Promise<{ items: T[]; next: string | null }>,
  stamp: (item: T) => string,
): Promise<{ seen: T[]; splits: string[] }> {
  const seen: T[] = [];
  const splits: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < pages; n++) {
    const answer = await page(cursor);
    const last = seen[seen.length - 1];
    const first = answer.items[0];
    if (last && first && stamp(last) === stamp(first)) splits.push(stamp(last));
    seen.push(...answer.items);
    cursor = answer.next;
  }
  return { seen, splits };
}
