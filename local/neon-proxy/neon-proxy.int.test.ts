import { randomBytes } from "node:crypto";
import { neon, neonConfig, Pool, type NeonDbError } from "@neondatabase/serverless";
import { eq } from "drizzle-orm";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import { drizzle as drizzleWs } from "drizzle-orm/neon-serverless";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import ws, { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNeonProxy, type RunningNeonProxy } from "./index.js";

// Requires PostgreSQL on 127.0.0.1:5432 with trust auth and a `test` database.
const PG_ADDRESS = "127.0.0.1:5432";
// Neon-style URL: the password and sslmode are accepted and ignored by local trust auth.
const DATABASE_URL = `postgresql://postgres:not-a-secret@${PG_ADDRESS}/test?sslmode=require`;
const FORBIDDEN_URL = "postgresql://postgres@127.0.0.1:6543/test";

const table = `neon_proxy_items_${randomBytes(4).toString("hex")}`;
const items = pgTable(table, { id: integer("id").primaryKey(), name: text("name").notNull() });

let proxy: RunningNeonProxy;

/** Points the real driver at a proxy, exactly as application code must. */
function configureDriver(target: RunningNeonProxy): void {
  neonConfig.fetchEndpoint = `${target.url}/sql`;
  neonConfig.wsProxy = (host, port) => `127.0.0.1:${target.port}/v2?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  neonConfig.webSocketConstructor = ws;
}

async function caught(promise: Promise<unknown>): Promise<NeonDbError> {
  try {
    await promise;
  } catch (err) {
    return err as NeonDbError;
  }
  throw new Error("expected the promise to reject");
}

function postSql(headers: Record<string, string>, body: string): Promise<Response> {
  return fetch(`${proxy.url}/sql`, {
    method: "POST",
    headers: { "Neon-Connection-String": DATABASE_URL, "Neon-Raw-Text-Output": "true", ...headers },
    body,
  });
}

beforeAll(async () => {
  proxy = await startNeonProxy({ port: 0, allowedAddresses: [PG_ADDRESS] });
  configureDriver(proxy);
  await neon(DATABASE_URL).query(`create table ${table} (id int primary key, name text not null)`);
});

afterAll(async () => {
  await neon(DATABASE_URL).query(`drop table if exists ${table}`);
  await proxy.close();
});

describe("HTTP path (neon())", () => {
  it("returns text output that the driver parses into JS types", async () => {
    const sql = neon(DATABASE_URL);
    const when = new Date("2024-05-06T07:08:09.123Z");
    const [row] = await sql`
      select ${42}::int as int, ${'héllo "q"'}::text as txt, ${when}::timestamptz as ts,
             ${{ a: [1, 2], b: "x" }}::jsonb as doc, ${true}::bool as flag, ${null}::text as nothing,
             ${9007199254740993n}::bigint as big, ${[1, 2, 3]}::int[] as ints,
             ${["a", "b c", '"q"', null]}::text[] as texts, ${Buffer.from([0xde, 0xad])}::bytea as bytes,
             1.50::numeric as num`;
    expect(row).toEqual({
      int: 42,
      txt: 'héllo "q"',
      ts: when,
      doc: { a: [1, 2], b: "x" },
      flag: true,
      nothing: null,
      big: "9007199254740993",
      ints: [1, 2, 3],
      texts: ["a", "b c", '"q"', null],
      bytes: Buffer.from([0xde, 0xad]),
      num: "1.50",
    });
  });

  it("reports command, rowCount and field metadata with fullResults", async () => {
    const sql = neon(DATABASE_URL, { fullResults: true });
    const inserted = await sql`insert into ${sql.unsafe(table)} values (100, 'meta'), (101, 'meta')`;
    expect(inserted).toMatchObject({ command: "INSERT", rowCount: 2, rows: [] });
    const selected = await sql`select id, name from ${sql.unsafe(table)} where name = 'meta' order by id`;
    expect(selected.rows).toEqual([
      { id: 100, name: "meta" },
      { id: 101, name: "meta" },
    ]);
    expect(selected.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ["id", 23],
      ["name", 25],
    ]);
    await sql`delete from ${sql.unsafe(table)} where name = 'meta'`;
  });

  it("commits a transaction batch", async () => {
    const sql = neon(DATABASE_URL);
    const [, , counted] = await sql.transaction(
      [
        sql`insert into ${sql.unsafe(table)} values (1, 'one')`,
        sql`insert into ${sql.unsafe(table)} values (2, 'two')`,
        sql`select count(*)::int as n from ${sql.unsafe(table)} where id in (1, 2)`,
      ],
      { isolationLevel: "Serializable" },
    );
    expect(counted).toEqual([{ n: 2 }]);
  });

  it("rolls back the whole batch when a statement fails midway", async () => {
    const sql = neon(DATABASE_URL);
    const err = await caught(
      sql.transaction([
        sql`insert into ${sql.unsafe(table)} values (3, 'three')`,
        sql`insert into ${sql.unsafe(table)} values (1, 'duplicate')`,
        sql`insert into ${sql.unsafe(table)} values (4, 'four')`,
      ]),
    );
    expect(err.code).toBe("23505");
    expect(await sql`select id from ${sql.unsafe(table)} where id in (3, 4)`).toEqual([]);
  });

  it("honours the read-only transaction header", async () => {
    const sql = neon(DATABASE_URL);
    const err = await caught(sql.transaction([sql`insert into ${sql.unsafe(table)} values (5, 'five')`], { readOnly: true }));
    expect(err.code).toBe("25006");
  });

  it("surfaces Postgres errors with their fields", async () => {
    const sql = neon(DATABASE_URL);
    await sql`insert into ${sql.unsafe(table)} values (10, 'ten')`;
    const unique = await caught(sql`insert into ${sql.unsafe(table)} values (10, 'again')`);
    expect(unique).toMatchObject({ name: "NeonDbError", code: "23505", constraint: `${table}_pkey`, table });
    expect(unique.detail).toContain("already exists");

    const syntax = await caught(sql`selec 1`);
    expect(syntax).toMatchObject({ code: "42601", position: "1" });
  });

  it("rejects several statements in one query, like Neon", async () => {
    const err = await caught(neon(DATABASE_URL).query("select 1; select 2"));
    expect(err.code).toBe("42601");
  });
});

describe("HTTP protocol details", () => {
  it("returns rows as objects when array mode is off", async () => {
    const res = await postSql({}, JSON.stringify({ query: "select $1::int as a, $2::text as b", params: [7, null] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: [{ a: "7", b: null }], rowAsArray: false, command: "SELECT", rowCount: 1 });
  });

  it("answers malformed JSON with a 400 message", async () => {
    const res = await postSql({}, '{"query": ');
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/not valid JSON/);
  });

  it("refuses bodies over 10 MiB", async () => {
    const res = await postSql({}, JSON.stringify({ query: "select 1", params: ["x".repeat(10 * 1024 * 1024)] }));
    expect(res.status).toBe(413);
  });
});

describe("WebSocket path (Pool)", () => {
  it("runs an interactive transaction on one connection", async () => {
    const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
    try {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(`insert into ${table} values ($1, $2)`, [20, "twenty"]);
        const inside = await client.query(`select name from ${table} where id = $1`, [20]);
        expect(inside.rows).toEqual([{ name: "twenty" }]);
        // A second pooled connection must not see the uncommitted row.
        const outside = await pool.query(`select name from ${table} where id = $1`, [20]);
        expect(outside.rows).toEqual([]);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      expect((await pool.query(`select name from ${table} where id = 20`)).rows).toEqual([{ name: "twenty" }]);
    } finally {
      await pool.end();
    }
  });

  it("serves concurrent queries on several connections", async () => {
    const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          pool.query<{ pid: number; n: number }>("select pg_backend_pid() as pid, $1::int as n from pg_sleep(0.05)", [i]),
        ),
      );
      expect(results.map((r) => r.rows[0]?.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(new Set(results.map((r) => r.rows[0]?.pid)).size).toBeGreaterThan(1);
    } finally {
      await pool.end();
    }
  });
});

describe("allow-list", () => {
  it("refuses a non-listed address over HTTP with 403", async () => {
    const err = await caught(neon(FORBIDDEN_URL)`select 1`);
    expect(err.message).toMatch(/HTTP status 403/);
    expect(err.message).toMatch(/127\.0\.0\.1:6543 is not allowed/);
  });

  it("refuses a non-listed address on WebSocket upgrade with 403", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/v2?address=127.0.0.1:6543`);
      socket.on("unexpected-response", (_req, res) => resolve(res.statusCode));
      socket.on("open", () => reject(new Error("upgrade should have been refused")));
      socket.on("error", () => undefined);
    });
    expect(status).toBe(403);
  });

  it("makes the driver Pool fail for a non-listed address", async () => {
    const pool = new Pool({ connectionString: FORBIDDEN_URL });
    try {
      await expect(pool.query("select 1")).rejects.toThrow();
    } finally {
      await pool.end();
    }
  });
});

describe("drizzle-orm", () => {
  it("selects through neon-http", async () => {
    const db = drizzleHttp(neon(DATABASE_URL));
    await db.insert(items).values({ id: 30, name: "drizzle-http" });
    expect(await db.select().from(items).where(eq(items.id, 30))).toEqual([{ id: 30, name: "drizzle-http" }]);
  });

  it("selects through neon-serverless", async () => {
    const pool = new Pool({ connectionString: DATABASE_URL });
    try {
      const db = drizzleWs(pool);
      await db.insert(items).values({ id: 31, name: "drizzle-ws" });
      expect(await db.select().from(items).where(eq(items.id, 31))).toEqual([{ id: 31, name: "drizzle-ws" }]);
    } finally {
      await pool.end();
    }
  });
});

describe("close()", () => {
  it("ends open tunnels and in-flight queries promptly", async () => {
    const own = await startNeonProxy({ port: 0, allowedAddresses: [PG_ADDRESS] });
    configureDriver(own);
    const pool = new Pool({ connectionString: DATABASE_URL });
    pool.on("error", () => undefined);
    try {
      const client = await pool.connect();
      client.on("error", () => undefined);
      const slowHttp = neon(DATABASE_URL)`select pg_sleep(5)`.catch((err: unknown) => err);
      const slowWs = client.query("select pg_sleep(5)").catch((err: unknown) => err);
      await new Promise((resolve) => setTimeout(resolve, 200));

      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await slowHttp).toBeInstanceOf(Error);
      expect(await slowWs).toBeInstanceOf(Error);
      client.release(true);
    } finally {
      configureDriver(proxy);
      await pool.end();
    }
  });
});
