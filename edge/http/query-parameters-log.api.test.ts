import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "../../shared/logger.js";
import { edgeHarness, uniqueEmail, type Harness } from "../../local/testing/edge-harness.js";
import { prepareTestDatabase } from "../../local/testing/test-database.js";

/**
 * A failing insert of a user: drizzle's error carries the statement's parameters (email, password hash) and
 * Postgres's own message may quote them too (here a trigger's, as a constraint's detail would). None of it
 * reaches a log line; the line still says what failed.
 */
const DATABASE = `vod_authfaults_log_${process.pid}`;
let databaseUrl: string;
let h: Harness;
const lines: string[] = [];

beforeAll(async () => {
  databaseUrl = await prepareTestDatabase(DATABASE);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`
    create or replace function refuse_user() returns trigger language plpgsql as $$
    begin raise exception 'refused % with %', new.email, new.password_hash; end $$;
    create or replace trigger refuse_user before insert on users for each row execute function refuse_user();`);
  await db.end();
  const stackUrl = new URL(inject("stackEnv").DATABASE_URL!);
  const url = new URL(databaseUrl);
  stackUrl.pathname = url.pathname;
  h = await edgeHarness({ DATABASE_URL: stackUrl.toString() });
  h.ports.log = createLogger("edge", { level: "debug", write: (line) => lines.push(line) });
});

afterAll(async () => {
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const db = new pg.Client({ connectionString: admin.toString() });
  await db.connect();
  await db.query(`drop database if exists ${DATABASE} with (force)`).finally(() => db.end());
});

describe("a failing insert of a user", () => {
  it("is logged by what failed, with no email, password or password hash in any line", async () => {
    const email = uniqueEmail("leak");
    const password = "leak-check-password";
    const res = await h.call("POST", "/auth/register", { json: { name: "Leak Check", email, password } });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: "Internal Server Error", data: {} });

    const text = lines.join("\n");
    expect(text).toContain("unhandled error");
    expect(text).toContain("P0001");
    for (const secret of [email, password, "pbkdf2-sha256$"]) expect(text, secret).not.toContain(secret);
  });
});
