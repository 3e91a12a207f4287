import { eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { videos } from "../../shared/db/schema.js";
import { apiTestBed } from "../../local/testing/api-test-bed.js";
import { insertVideo } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type SignedUp } from "../../local/testing/edge-harness.js";
import { proxyUrl, type TcpProxy } from "../../local/testing/tcp-proxy.js";
import { handleError, injectContext, type EdgeEnv } from "../http/index.js";
import type { EdgePorts } from "../ports/index.js";
import { requireUser, requireUserReadsFirst } from "./index.js";

/**
 * The guarantee behind running routes beside the revocation check: however a handler is written, nothing it
 * writes reaches Neon (the outbox with it) or object storage before the check has passed. These routes exist
 * only here and are written as a careless new route would be: they read, then write at once, waiting for nothing.
 */
const bed = apiTestBed({});

function careless(ports: EdgePorts) {
  const app = new Hono<EdgeEnv>();
  app.use(injectContext({ ports: () => ports, clientAddress: () => "10.9.9.9" }));
  const writeEverything = async (c: { var: { ports: EdgePorts } }, id: string, title: string) => {
    const { db, storage } = c.var.ports;
    await db.select().from(videos).where(eq(videos.id, id));
    // Every way there is to write, at once; each one on its own must be held.
    const outcomes = await Promise.allSettled([
      db.update(videos).set({ title }).where(eq(videos.id, id)),
      db.execute(sql`update videos set description = ${title} where id = ${id}`),
      db.batch([
        db.select().from(videos).where(eq(videos.id, id)),
        db
          .update(videos)
          .set({ tags: [title] })
          .where(eq(videos.id, id)),
      ]),
      storage.putText(`probe/${id}.txt`, title, { contentType: "text/plain", cacheControl: "no-store" }),
    ]);
    const failed = outcomes.find((o) => o.status === "rejected");
    if (failed) throw failed.reason;
  };
  app.post("/careless/:id", requireUserReadsFirst, async (c) => {
    await writeEverything(c, c.req.param("id"), c.req.query("title") ?? "");
    return c.json({ ok: true });
  });
  // A GET that writes: reads run beside the check, so its writes must be held as well.
  app.get("/careless/:id", requireUser, async (c) => {
    await writeEverything(c, c.req.param("id"), c.req.query("title") ?? "");
    return c.json({ ok: true });
  });
  app.onError(handleError);
  return (method: string, path: string, token: string) => app.request(path, { method, headers: { authorization: `Bearer ${token}` } });
}

async function stored(ports: EdgePorts, id: string) {
  const [row] = await ports.db.select().from(videos).where(eq(videos.id, id));
  const probe = await ports.storage.getText(`probe/${id}.txt`);
  return { title: row?.title, description: row?.description, tags: row?.tags, probe };
}

async function freshVideo(user: SignedUp) {
  const video = await insertVideo(bed.h.ports.db, user.userId, { title: "Untouched", description: "Untouched", tags: ["untouched"] });
  bed.created.push(video.id);
  return video;
}

const untouched = { title: "Untouched", description: "Untouched", tags: ["untouched"], probe: null };

describe("a route that runs beside the revocation check and writes without waiting", () => {
  it("writes for a caller who is not revoked (the route does write)", async () => {
    const call = careless(bed.h.ports);
    const user = await signUp(bed.h, "Careful Writer");
    for (const method of ["POST", "GET"]) {
      const video = await freshVideo(user);
      const res = await call(method, `/careless/${video.id}?title=written-${method}`, user.token);
      expect(res.status, method).toBe(200);
      expect(await stored(bed.h.ports, video.id), method).toEqual({
        title: `written-${method}`,
        description: `written-${method}`,
        tags: [`written-${method}`],
        probe: `written-${method}`,
      });
    }
  });

  it("writes nothing for a revoked token, to the database or to storage", async () => {
    const call = careless(bed.h.ports);
    const user = await signUp(bed.h, "Revoked Writer");
    const videosOfUser = [await freshVideo(user), await freshVideo(user)];
    expect(await bed.h.call("POST", "/auth/logout", { token: user.token })).toMatchObject({ status: 200 });

    for (const [method, video] of [
      ["POST", videosOfUser[0]!],
      ["GET", videosOfUser[1]!],
    ] as const) {
      const res = await call(method, `/careless/${video.id}?title=revoked-${method}`, user.token);
      expect(res.status, method).toBe(401);
      // Nothing was sent late either: a held write goes only after a check that passed.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await stored(bed.h.ports, video.id), method).toEqual(untouched);
    }
  });
});

describe("a route that writes without waiting, while the revocation store cannot answer", () => {
  let redis: TcpProxy & { url: string };
  let ports: EdgePorts;
  beforeAll(async () => {
    redis = await proxyUrl(inject("stackEnv").UPSTASH_REDIS_REST_URL!);
    ports = (await edgeHarness({ UPSTASH_REDIS_REST_URL: redis.url })).ports;
  });
  afterAll(() => redis.close());

  it("answers 503 and writes nothing", async () => {
    const user = await signUp(bed.h, "Unverifiable Writer");
    const video = await freshVideo(user);
    await redis.cut();
    try {
      const res = await careless(ports)("POST", `/careless/${video.id}?title=unchecked`, user.token);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
    } finally {
      await redis.restore();
    }
    expect(await stored(bed.h.ports, video.id)).toEqual(untouched);
  });
});
