import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, findMigrationsDir } from "./index.js";

const run = promisify(execFile);
const ADMIN_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const LOCK_KEY = 7316001;
const TAGS = (JSON.parse(readFileSync(`${findMigrationsDir()}/meta/_journal.json`, "utf8")) as { entries: { tag: string }[] }).entries.map(
  (e) => e.tag,
);
const created: string[] = [];

/** A database of the test's own, empty: every case starts from what a new Neon project has. */
async function freshDatabase(): Promise<string> {
  const name = `vod_migrate_${randomBytes(5).toString("hex")}`;
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const tables = (url: string) =>
  withClient(url, async (c) =>
    (
      await c.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'public' order by 1")
    ).rows.map((r) => r.t),
  );
const recorded = (url: string) => withClient(url, async (c) => (await c.query("select 1 from drizzle.__drizzle_migrations")).rowCount);

afterEach(async () => {
  for (const name of created.splice(0)) await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});

describe("applyMigrations", () => {
  it("gives an empty database the whole schema, in journal order", async () => {
    const url = await freshDatabase();
    expect(await applyMigrations(url)).toEqual({ applied: TAGS, waited: false });
    expect(await tables(url)).toEqual(["captions", "downloads", "outbox", "refresh_tokens", "sessions", "users", "videos"]);
    expect(await recorded(url)).toBe(TAGS.length);
  });

  it("applies nothing the second time", async () => {
    const url = await freshDatabase();
    await applyMigrations(url);
    expect(await applyMigrations(url)).toEqual({ applied: [], waited: false });
    expect(await recorded(url)).toBe(TAGS.length);
  });

  it("makes concurrent runs take turns: both succeed, the schema is applied once", async () => {
    const url = await freshDatabase();
    // Hold the lock first so the two runs really contend instead of happening to run one after the other.
    await withClient(url, async (holder) => {
      await holder.query("select pg_advisory_lock($1)", [LOCK_KEY]);
      const runs = [applyMigrations(url), applyMigrations(url)];
      let settled = false;
      void Promise.allSettled(runs).then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      expect(await tables(url)).toEqual([]);
      await holder.query("select pg_advisory_unlock($1)", [LOCK_KEY]);
      const [first, second] = await Promise.all(runs);
      expect([first!.waited, second!.waited]).toEqual([true, true]);
      expect([...first!.applied, ...second!.applied]).toEqual(TAGS);
    });
    expect(await recorded(url)).toBe(TAGS.length);
    expect(await tables(url)).toHaveLength(7);
  });
});

describe("npm run db:migrate", () => {
  const npm = (env: Record<string, string | undefined>) =>
    run("npm", ["run", "--silent", "db:migrate"], { env: { ...process.env, LOG_LEVEL: "info", ...env } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  it("prints each migration it applied, then that there is nothing to apply", async () => {
    const url = await freshDatabase();
    const first = await npm({ DATABASE_URL: url });
    expect(first.code).toBe(0);
    for (const tag of TAGS) expect(first.out).toContain(`"migration":"${tag}"`);
    const second = await npm({ DATABASE_URL: url });
    expect(second.code).toBe(0);
    expect(second.out).toContain("nothing to apply");
    expect(second.out).not.toContain("applied migration");
  });

  it("refuses to start without a direct connection string", async () => {
    expect(await npm({ DATABASE_URL: undefined })).toMatchObject({ code: 1, out: expect.stringContaining("DATABASE_URL is required") });
    const pooled = await npm({ DATABASE_URL: "postgres://u:p@ep-cool-name-pooler.eu-central-1.aws.neon.tech/neondb" });
    expect(pooled).toMatchObject({ code: 1, out: expect.stringContaining("DATABASE_URL: must be a direct connection") });
  });
});
