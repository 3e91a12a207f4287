import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteJob } from "../../shared/contracts/video-lifecycle.js";
import { outbox, videos } from "../../shared/db/schema.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { insertVideo, playableOutputs, removeVideos } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";

let h: Harness;
let alice: SignedUp;
let bob: SignedUp;
const created: string[] = [];
// Far in the future, so this file's public videos head the shared public list.
const FUTURE = Date.parse("3000-01-01T00:00:00Z") + Math.floor(Math.random() * 1e9);

beforeAll(async () => {
  h = await edgeHarness();
  alice = await signUp(h, "Alice Producer");
  bob = await signUp(h, "Bob Viewer");
});
afterAll(async () => removeVideos(h.ports.db, created));

async function video(ownerId: string, over: Parameters<typeof insertVideo>[2] = {}) {
  const row = await insertVideo(h.ports.db, ownerId, over);
  created.push(row.id);
  return row;
}

async function pageAll(limit: number, between?: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res = await h.call("GET", `/videos?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.data.videos.map((v: { id: string }) => v.id));
    cursor = res.body.data.next_cursor;
    if (i === 0 && between) await between();
    if (!cursor || seen.filter((id) => created.includes(id)).length >= 5) break;
  }
  return seen;
}

describe("GET /videos", () => {
  it("lists ready public videos newest first, with owner, poster and ISO dates; paging has no duplicates or gaps while videos arrive", async () => {
    const mine: Awaited<ReturnType<typeof video>>[] = [];
    for (let i = 0; i < 5; i++) mine.push(await video(alice.userId, { publishedAt: new Date(FUTURE - i * 1000) }));
    await video(alice.userId, { visibility: "private", publishedAt: new Date(FUTURE) });
    await video(alice.userId, { visibility: "unlisted", publishedAt: new Date(FUTURE) });
    await video(alice.userId, { status: "processing", publishedAt: null });
    // Watchable while it encodes, but listed only once ready.
    const encoding = await video(alice.userId, {
      status: "processing",
      publishedAt: null,
      createdAt: new Date(FUTURE),
      outputs: (id) => playableOutputs(id),
    });

    const first = await h.call("GET", "/videos?limit=2");
    expect(first.body.data.videos[0]).toMatchObject({
      id: mine[0]!.id,
      title: mine[0]!.title,
      duration_seconds: 6,
      width: 1280,
      height: 720,
      owner: { id: alice.userId, name: "Alice Producer", image: null },
      published_at: new Date(FUTURE).toISOString(),
    });
    const poster = new URL(first.body.data.videos[0].poster_url);
    // Posters live in the revision folder of the encode that made them.
    expect(poster.pathname).toBe(`/${storageKeys.poster(mine[0]!.id, mine[0]!.outputs!.revision!)}`);
    expect([...poster.searchParams.keys()].sort()).toEqual(["Key-Pair-Id", "Policy", "Signature"]);

    // A newer video arriving after the first page must not shift later pages.
    const seen = await pageAll(2, async () => {
      await video(alice.userId, { publishedAt: new Date(FUTURE + 5_000) });
    });
    const ours = seen.filter((id) => mine.some((m) => m.id === id));
    expect(ours).toEqual(mine.map((m) => m.id));
    expect(seen).not.toContain(encoding.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("validates limit and cursor", async () => {
    const res = await h.call("GET", "/videos?limit=500&cursor=garbage!");
    expect(res.status).toBe(400);
    expect(res.body.data.errors.limit).toEqual(["The limit may not be greater than 100."]);
    const cursor = await h.call("GET", "/videos?cursor=garbage!");
    expect(cursor.body.data.errors).toEqual({ limit: [], cursor: ["The cursor is not valid."], q: [], tag: [] });
  });
});

describe("GET /videos/:id", () => {
  it("shows public and unlisted videos to anyone, with signed URLs when ready", async () => {
    for (const visibility of ["public", "unlisted"] as const) {
      const v = await video(alice.userId, { visibility });
      const res = await h.call("GET", `/videos/${v.id}`);
      expect(res.status).toBe(200);
      expect(res.body.data.video).toMatchObject({
        id: v.id,
        visibility,
        status: "ready",
        playable: true,
        owner: { name: "Alice Producer" },
      });
      expect(res.body.data.manifest_url).toMatch(new RegExp(`/videos/${v.id}/manifest\\.mpd\\?token=`));
      expect(res.body.data.hls_url).toMatch(new RegExp(`/videos/${v.id}/master\\.m3u8\\?token=`));
      expect(Date.parse(res.body.data.expires_at)).toBeGreaterThan(Date.now());
    }
  });

  it("hides a private video from everyone but its owner", async () => {
    const v = await video(alice.userId, { visibility: "private" });
    expect((await h.call("GET", `/videos/${v.id}`)).status).toBe(404);
    expect((await h.call("GET", `/videos/${v.id}`, { token: bob.token })).status).toBe(404);
    expect((await h.call("GET", `/videos/${v.id}`, { token: alice.token })).status).toBe(200);
    expect((await h.call("GET", `/videos/${v.id}/playback`, { token: bob.token })).status).toBe(404);
  });

  it("answers a video that is not playable yet with its status and no URLs", async () => {
    for (const status of ["queued", "processing", "failed"] as const) {
      const v = await video(alice.userId, { status, progress: 40, publishedAt: null });
      const res = await h.call("GET", `/videos/${v.id}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        video: { status, progress: 40, playable: false },
        manifest_url: null,
        hls_url: null,
        expires_at: null,
      });
      expect((await h.call("GET", `/videos/${v.id}/playback`)).status).toBe(404);
    }
  });

  it("gives a video still encoding its URLs once its first segments are stored, with no poster yet", async () => {
    const v = await video(alice.userId, {
      visibility: "unlisted",
      status: "processing",
      progress: 25,
      publishedAt: null,
      outputs: (id) => playableOutputs(id),
    });
    const res = await h.call("GET", `/videos/${v.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data.video).toMatchObject({ status: "processing", progress: 25, playable: true, poster_url: null, published_at: null });
    expect(res.body.data.manifest_url).toMatch(new RegExp(`/videos/${v.id}/manifest\\.mpd\\?token=`));
    expect(res.body.data.hls_url).toMatch(new RegExp(`/videos/${v.id}/master\\.m3u8\\?token=`));
    expect(Date.parse(res.body.data.expires_at)).toBeGreaterThan(Date.now());

    const playback = await h.call("GET", `/videos/${v.id}/playback`);
    expect(playback.status).toBe(200);
    expect(new URL(playback.body.data.dash_url).pathname).toBe(`/${storageKeys.manifest(v.id, v.outputs!.revision!)}`);
    expect(playback.body.data).toMatchObject({ poster_url: null, storyboard_url: null, storyboard_vtt_url: null });

    const hidden = await video(alice.userId, {
      visibility: "private",
      status: "processing",
      publishedAt: null,
      outputs: (id) => playableOutputs(id),
    });
    expect((await h.call("GET", `/videos/${hidden.id}`, { token: bob.token })).status).toBe(404);
    expect((await h.call("GET", `/videos/${hidden.id}/playback`, { token: bob.token })).status).toBe(404);
    expect((await h.call("GET", `/videos/${hidden.id}`, { token: alice.token })).body.data.video.playable).toBe(true);
  });

  it("refuses a bad token instead of treating the caller as anonymous", async () => {
    const v = await video(alice.userId);
    expect((await h.call("GET", `/videos/${v.id}`, { token: "not.a.jwt" })).status).toBe(401);
  });
});

describe("GET /videos/:id/playback", () => {
  it("returns CloudFront-signed URLs scoped to the video's prefix, different for every call", async () => {
    const v = await video(alice.userId);
    const a = await h.call("GET", `/videos/${v.id}/playback`);
    expect(a.status).toBe(200);
    expect(a.headers.get("cache-control")).toBe("private, no-store");
    const data = a.body.data;
    for (const key of ["dash_url", "hls_url", "poster_url", "storyboard_url"]) {
      const url = new URL(data[key]);
      expect(url.pathname.startsWith(`/videos/${v.id}/${v.outputs!.revision}/`)).toBe(true);
      expect([...url.searchParams.keys()].sort()).toEqual(["Key-Pair-Id", "Policy", "Signature"]);
    }
    const policy = JSON.parse(
      atob(new URL(data.dash_url).searchParams.get("Policy")!.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/")),
    );
    expect(policy.Statement[0].Resource).toBe(`${h.ports.config.CDN_BASE_URL}/videos/${v.id}/*`);
    const expires = policy.Statement[0].Condition.DateLessThan["AWS:EpochTime"];
    expect(expires * 1000).toBe(Date.parse(data.expires_at));
    expect(expires - Date.now() / 1000).toBeGreaterThan(3_500);
    expect(expires - Date.now() / 1000).toBeLessThanOrEqual(3_600);
    expect(data.manifest_url).toContain(`/videos/${v.id}/manifest.mpd?token=`);
  });
});

describe("GET /users/me/videos", () => {
  it("lists every video of the caller, any status, newest first, never deleted ones or others'", async () => {
    const carol = await signUp(h);
    const older = await video(carol.userId, {
      status: "failed",
      error: "The file has no video stream.",
      publishedAt: null,
      createdAt: new Date(Date.now() - 60_000),
    });
    const newer = await video(carol.userId, { status: "processing", progress: 55, publishedAt: null });
    await video(carol.userId, { status: "deleted" });
    await video(alice.userId);
    const res = await h.call("GET", "/users/me/videos?limit=1", { token: carol.token });
    expect(res.body.data.videos.map((v: { id: string }) => v.id)).toEqual([newer.id]);
    expect(res.body.data.videos[0]).toMatchObject({ status: "processing", progress: 55 });
    const next = await h.call("GET", `/users/me/videos?limit=1&cursor=${res.body.data.next_cursor}`, { token: carol.token });
    expect(next.body.data.videos).toMatchObject([{ id: older.id, status: "failed", error: "The file has no video stream." }]);
    expect(next.body.data.next_cursor).toBeNull();
    expect((await h.call("GET", "/users/me/videos")).status).toBe(401);
  });
});

describe("PATCH and DELETE /videos/:id", () => {
  it("lets the owner edit title, description and visibility, with validation", async () => {
    const v = await video(alice.userId);
    const res = await h.call("PATCH", `/videos/${v.id}`, { token: alice.token, json: { title: "Renamed", visibility: "private" } });
    expect(res.status).toBe(200);
    expect(res.body.data.video).toMatchObject({ title: "Renamed", visibility: "private", description: "fixture" });
    expect((await h.call("GET", `/videos/${v.id}`)).status).toBe(404);

    const bad = await h.call("PATCH", `/videos/${v.id}`, {
      token: alice.token,
      json: { title: "", visibility: "everyone", owner_id: "x" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.data.errors).toMatchObject({
      title: ["The title may not be empty."],
      description: [],
      visibility: [expect.stringContaining("must be one of")],
      owner_id: ["Unknown field."],
    });
    expect((await h.call("PATCH", `/videos/${v.id}`, { token: bob.token, json: { title: "Mine now" } })).status).toBe(404);
  });

  it("deletes: gone from lists, details and playback, and one jobs.delete queued", async () => {
    const v = await video(alice.userId, { publishedAt: new Date(FUTURE + 60_000) });
    expect((await h.call("DELETE", `/videos/${v.id}`, { token: bob.token })).status).toBe(404);
    const res = await h.call("DELETE", `/videos/${v.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect((await h.call("GET", `/videos/${v.id}`)).status).toBe(404);
    expect((await h.call("GET", `/videos/${v.id}/playback`)).status).toBe(404);
    expect((await h.call("GET", `/videos/${v.id}/manifest.mpd`)).status).toBe(404);
    const list = await h.call("GET", "/videos?limit=5");
    expect(list.body.data.videos.map((x: { id: string }) => x.id)).not.toContain(v.id);
    expect((await h.call("DELETE", `/videos/${v.id}`, { token: alice.token })).status).toBe(404);
    const jobs = (await h.ports.db.select().from(outbox).where(eq(outbox.subject, "jobs.delete"))).filter(
      (r) => (r.payload as { video_id?: string }).video_id === v.id,
    );
    expect(jobs).toHaveLength(1);
    expect(deleteJob.parse(jobs[0]!.payload)).toMatchObject({ video_id: v.id, scope: "video" });
    const [row] = await h.ports.db
      .select()
      .from(videos)
      .where(and(eq(videos.id, v.id)));
    expect(row!.deletedAt).not.toBeNull();
  });
});
