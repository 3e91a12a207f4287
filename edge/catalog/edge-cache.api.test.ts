import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiTestBed } from "../../local/testing/api-test-bed.js";
import { insertVideo, playableOutputs } from "../../local/testing/catalog-fixtures.js";
import { createApp } from "../app.js";
import { createEdgeHttpMetrics } from "../metrics/index.js";
import { createPorts } from "../runtime/index.js";

// Short on purpose: the tests wait out the documented lifetime, FRESH + STALE seconds.
const FRESH = 2;
const STALE = 1;
const LIFETIME_MS = (FRESH + STALE) * 1_000;
// Time for a background refresh (one query through the local proxy) to land, on a loaded machine.
const REFRESH_SETTLE_MS = 500;
const CACHE_ENV = { CATALOG_CACHE_SECONDS: String(FRESH), CATALOG_CACHE_STALE_SECONDS: String(STALE) };
// Past every other file's fixtures, so this file's public videos head the shared list.
const FUTURE = Date.parse("3100-01-01T00:00:00Z") + Math.floor(Math.random() * 1e9);

const bed = apiTestBed({ owner: "Cache Owner", other: "Cache Other" }, CACHE_ENV);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function video(over: Parameters<typeof insertVideo>[2] = {}) {
  const row = await insertVideo(bed.h.ports.db, bed.user.owner.userId, over);
  bed.created.push(row.id);
  return row;
}

const anonymous = (path: string) => bed.h.call("GET", path);

/**
 * Another edge instance with an in-process cache of its own, as a second server or data center is: a change
 * made there reaches this one's cache only through the lifetime (a change made here drops this one's entry).
 */
let elsewhere: ReturnType<typeof createApp>;
beforeAll(async () => {
  const ports = await createPorts({ ...inject("stackEnv"), LOG_LEVEL: "warn", ...CACHE_ENV });
  elsewhere = createApp({ ports: () => ports, clientAddress: () => "10.9.8.6" });
});
const changeElsewhere = (method: "PATCH" | "DELETE", path: string, json?: object) =>
  elsewhere.request(path, {
    method,
    headers: { authorization: `Bearer ${bed.user.owner.token}`, "content-type": "application/json" },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
const cacheOf = (res: { headers: Headers }) => res.headers.get("x-cache");

describe("edge cache: GET /videos/:id", () => {
  it("answers anonymous callers from the cache, each answer signed anew", async () => {
    const v = await video();
    const first = await anonymous(`/videos/${v.id}`);
    expect(first.status).toBe(200);
    expect(cacheOf(first)).toBe("MISS");
    expect(first.headers.get("cache-control")).toBe(`private, max-age=${FRESH}`);
    expect(first.headers.get("vary")).toMatch(/^Authorization, Cookie\b/);

    // The signing clock a minute on: a cached answer must carry signatures made now, not the first ones.
    const realClock = bed.h.ports.clock;
    bed.h.ports.clock = () => new Date(realClock().getTime() + 60_000);
    try {
      const second = await anonymous(`/videos/${v.id}`);
      expect(cacheOf(second)).toBe("HIT");
      expect(Number(second.headers.get("age"))).toBeLessThanOrEqual(FRESH);
      expect({ ...second.body.data.video, poster_url: null }).toEqual({ ...first.body.data.video, poster_url: null });
      expect(Date.parse(second.body.data.expires_at) - Date.parse(first.body.data.expires_at)).toBeGreaterThanOrEqual(59_000);
      for (const field of ["manifest_url", "hls_url"] as const) expect(second.body.data[field]).not.toBe(first.body.data[field]);
      expect(second.body.data.video.poster_url).not.toBe(first.body.data.video.poster_url);
      expect(new URL(second.body.data.video.poster_url).searchParams.has("Signature")).toBe(true);
    } finally {
      bed.h.ports.clock = realClock;
    }
  });

  it("never stores an unlisted, private or still-encoding video", async () => {
    const unlisted = await video({ visibility: "unlisted" });
    const encoding = await video({ status: "processing", progress: 40, publishedAt: null, outputs: (id) => playableOutputs(id) });
    for (const v of [unlisted, encoding]) {
      for (let i = 0; i < 3; i++) {
        const res = await anonymous(`/videos/${v.id}`);
        expect(res.status).toBe(200);
        expect(cacheOf(res)).toBe("MISS");
        expect(res.headers.get("cache-control")).toBe("private, no-store");
      }
    }
    const hidden = await video({ visibility: "private" });
    for (let i = 0; i < 3; i++) expect((await anonymous(`/videos/${hidden.id}`)).status).toBe(404);
    // Its owner still sees it, from the database.
    const own = await bed.h.call("GET", `/videos/${hidden.id}`, { token: bed.user.owner.token });
    expect(own.status).toBe(200);
    expect(cacheOf(own)).toBe("BYPASS");
  });

  it("never hands a caller with credentials the anonymous answer, nor anyone else theirs", async () => {
    // Anonymous first: the cache holds the viewer's fields.
    const v = await video();
    await anonymous(`/videos/${v.id}`);
    expect(cacheOf(await anonymous(`/videos/${v.id}`))).toBe("HIT");
    const owner = await bed.h.call("GET", `/videos/${v.id}`, { token: bed.user.owner.token });
    expect(cacheOf(owner)).toBe("BYPASS");
    expect(owner.headers.get("cache-control")).toBe("private, no-store");
    expect(owner.body.data.video).toMatchObject({ size_bytes: 1000 });
    expect(owner.body.data.video).toHaveProperty("original_filename");

    // The owner first: their answer (every field) must not become the anonymous one.
    const w = await video({ originalFilename: "secret-name.mp4" });
    const ownerFirst = await bed.h.call("GET", `/videos/${w.id}`, { token: bed.user.owner.token });
    expect(ownerFirst.body.data.video.original_filename).toBe("secret-name.mp4");
    const other = await bed.h.call("GET", `/videos/${w.id}`, { token: bed.user.other.token });
    expect(cacheOf(other)).toBe("BYPASS");
    const after = await anonymous(`/videos/${w.id}`);
    expect(cacheOf(after)).toBe("MISS");
    for (const res of [other, after]) {
      expect(res.body.data.video).not.toHaveProperty("original_filename");
      expect(res.body.data.video).not.toHaveProperty("size_bytes");
      expect(JSON.stringify(res.body)).not.toContain("secret-name");
    }

    // Any credential bypasses, even a cookie the route does not read; a bad token is refused, not served.
    const withCookie = await bed.h.call("GET", `/videos/${w.id}`, { headers: { cookie: "vod_refresh=x" } });
    expect(cacheOf(withCookie)).toBe("BYPASS");
    expect((await bed.h.call("GET", `/videos/${w.id}`, { token: "not-a-token" })).status).toBe(401);
  });

  it("shows an edit made at another instance within the lifetime, and stops serving a video turned private or deleted", async () => {
    const edited = await video({ title: "Before" });
    const hidden = await video();
    const deleted = await video();
    const unlisted = await video();
    for (const v of [edited, hidden, deleted, unlisted]) await anonymous(`/videos/${v.id}`);

    expect((await changeElsewhere("PATCH", `/videos/${edited.id}`, { title: "After" })).status).toBe(200);
    expect((await changeElsewhere("PATCH", `/videos/${hidden.id}`, { visibility: "private" })).status).toBe(200);
    expect((await changeElsewhere("PATCH", `/videos/${unlisted.id}`, { visibility: "unlisted" })).status).toBe(200);
    expect((await changeElsewhere("DELETE", `/videos/${deleted.id}`)).status).toBe(200);
    // What the cache documents: until the lifetime is over, the last public answer may still be served.
    const meanwhile = await anonymous(`/videos/${edited.id}`);
    expect(meanwhile.body.data.video.title).toBe("Before");
    expect(cacheOf(meanwhile)).toBe("HIT");

    await sleep(LIFETIME_MS);
    const now = await anonymous(`/videos/${edited.id}`);
    expect(now.body.data.video.title).toBe("After");
    expect((await anonymous(`/videos/${hidden.id}`)).status).toBe(404);
    expect((await anonymous(`/videos/${deleted.id}`)).status).toBe(404);
    const nowUnlisted = await anonymous(`/videos/${unlisted.id}`);
    expect(nowUnlisted.body.data.video.visibility).toBe("unlisted");
    expect(cacheOf(nowUnlisted)).toBe("MISS");
  });

  it("drops its own entry when the edit or deletion is made here: the next anonymous answer is fresh", async () => {
    const edited = await video({ title: "Before" });
    const deleted = await video();
    for (const v of [edited, deleted]) expect(cacheOf(await anonymous(`/videos/${v.id}`))).toBe("MISS");
    const owner = { token: bed.user.owner.token };
    expect((await bed.h.call("PATCH", `/videos/${edited.id}`, { ...owner, json: { title: "After" } })).status).toBe(200);
    expect((await bed.h.call("DELETE", `/videos/${deleted.id}`, owner)).status).toBe(200);
    const now = await anonymous(`/videos/${edited.id}`);
    expect(now.body.data.video.title).toBe("After");
    expect(cacheOf(now)).toBe("MISS");
    expect((await anonymous(`/videos/${deleted.id}`)).status).toBe(404);
  });

  it("serves a video turned private at most once more, stale, while the refresh removes it", async () => {
    const v = await video();
    await anonymous(`/videos/${v.id}`);
    await changeElsewhere("PATCH", `/videos/${v.id}`, { visibility: "private" });
    await sleep(FRESH * 1_000 + 100);
    const stale = await anonymous(`/videos/${v.id}`);
    expect(stale.status).toBe(200);
    expect(cacheOf(stale)).toBe("STALE");
    expect(stale.headers.get("cache-control")).toBe("private, no-store");
    await sleep(REFRESH_SETTLE_MS);
    expect((await anonymous(`/videos/${v.id}`)).status).toBe(404);
  });
});

describe("edge cache: GET /videos", () => {
  it("shares one page among callers, signs posters per answer, and shows changes within the lifetime", async () => {
    const shown = await video({ publishedAt: new Date(FUTURE) });
    const page = () => anonymous("/videos?limit=3");
    const first = await page();
    expect(cacheOf(first)).toBe("MISS");
    expect(first.body.data.videos[0].id).toBe(shown.id);

    // The page is the same for every caller, signed in or not: served from the cache to both.
    const signedIn = await bed.h.call("GET", "/videos?limit=3", { token: bed.user.other.token });
    expect(cacheOf(signedIn)).toBe("HIT");
    expect(signedIn.body.data.videos[0].id).toBe(shown.id);

    const newer = await video({ publishedAt: new Date(FUTURE + 1_000) });
    await bed.h.call("PATCH", `/videos/${shown.id}`, { token: bed.user.owner.token, json: { visibility: "private" } });
    expect((await page()).body.data.videos[0].id).toBe(shown.id);

    await sleep(LIFETIME_MS);
    const later = await page();
    const ids = later.body.data.videos.map((x: { id: string }) => x.id);
    expect(ids[0]).toBe(newer.id);
    expect(ids).not.toContain(shown.id);
  });
});

describe("edge cache metrics", () => {
  it("counts hits, stale answers, misses and bypasses by route at /metrics", async () => {
    const ports = await createPorts({ ...inject("stackEnv"), LOG_LEVEL: "warn", ...CACHE_ENV });
    const metrics = createEdgeHttpMetrics();
    const app = createApp({ ports: () => ports, clientAddress: () => "10.9.8.7" }, undefined, {
      middleware: [metrics.middleware],
      metrics: metrics.serve,
    });
    const v = await video();
    const get = (headers: Record<string, string> = {}) => app.request(`/videos/${v.id}`, { headers });
    expect((await get()).headers.get("x-cache")).toBe("MISS");
    expect((await get()).headers.get("x-cache")).toBe("HIT");
    expect((await get()).headers.get("x-cache")).toBe("HIT");
    expect((await get({ authorization: `Bearer ${bed.user.other.token}` })).headers.get("x-cache")).toBe("BYPASS");
    await sleep(FRESH * 1_000 + 100);
    expect((await get()).headers.get("x-cache")).toBe("STALE");

    const text = await (await app.request("/metrics")).text();
    const count = (outcome: string) =>
      text.match(new RegExp(`edge_cache_reads_total\\{route="/videos/:id",outcome="${outcome}"\\} (\\d+)`))?.[1];
    expect([count("miss"), count("hit"), count("bypass"), count("stale")]).toEqual(["1", "2", "1", "1"]);
  });
});
