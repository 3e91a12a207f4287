import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { captions } from "../../shared/db/schema.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { startNeonProxy, type RunningNeonProxy } from "../../local/neon-proxy/index.js";
import { insertVideo, putOutputs, removeVideos } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Answer, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";
import { describeCalls, RoundTripRecorder, type RoundTrips } from "../../local/testing/round-trips.js";
import { startUpstashProxy, type RunningUpstashProxy } from "../../local/upstash-proxy/index.js";

/**
 * The round-trip budget: how many calls to Neon, Upstash and S3 each route makes one after another (calls
 * in flight together count once). A far client waits one distance per step, so a change that adds a
 * step fails here, and one that removes a step must lower the budget: the README's table is this one.
 * Each route's number of Neon requests is held too: requests sent together cost no time, but each is one
 * more HTTP request to the database region (and its share of the edge's CPU), so reads stay at one.
 *
 * The edge talks to proxies of this file's own that answer 10 ms late, so calls that overlap do overlap
 * on any machine, however loaded; calls still go to the real Postgres, Redis and S3.
 */
const SIMULATED_LATENCY_MS = 10;

// Just enough of an encoder's manifests for the edge to rewrite and add the caption track to.
const MPD = `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6.0S"><Period id="0" start="PT0.0S"></Period></MPD>
`;
const MASTER = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=35960,RESOLUTION=320x180\nmedia_0.m3u8\n";

interface Budget {
  route: string;
  /** Sequential upstream calls allowed, and expected: the route's depth. */
  depth: number;
  /** Neon HTTP requests in all, sequential or not (a batch is one). */
  neon: number;
  status: number;
  call(): Promise<Answer>;
}

let recorder: RoundTripRecorder;
let neon: RunningNeonProxy;
let upstash: RunningUpstashProxy;
let h: Harness;
let owner: SignedUp;
let publicVideoId: string;
const created: string[] = [];

beforeAll(async () => {
  const env = inject("stackEnv");
  const pg = new URL(env.DATABASE_URL!);
  neon = await startNeonProxy({ port: 0, allowedAddresses: [`${pg.hostname}:${pg.port || 5432}`], latencyMs: SIMULATED_LATENCY_MS });
  upstash = await startUpstashProxy({
    port: 0,
    redisUrl: env.REDIS_URL!,
    token: env.UPSTASH_REDIS_REST_TOKEN!,
    latencyMs: SIMULATED_LATENCY_MS,
  });
  h = await edgeHarness({ NEON_HTTP_ENDPOINT: `${neon.url}/sql`, UPSTASH_REDIS_REST_URL: upstash.url });
  recorder = new RoundTripRecorder({ neon: neon.url, upstash: upstash.url });
  h.ports.storage = recorder.storage(h.ports.storage);
  owner = await signUp(h, "Budget Owner");
  const video = await insertVideo(h.ports.db, owner.userId);
  publicVideoId = video.id;
  created.push(video.id);
  // A caption track, so the reads that answer tracks have one to answer, and manifests to add it to.
  await h.ports.db.insert(captions).values({
    videoId: video.id,
    language: "en",
    label: "English",
    kind: "captions",
    fileKey: storageKeys.captionFile(video.id, "en", "v1"),
    sizeBytes: 100,
    cueCount: 1,
  });
  await putOutputs(env, video, {
    "manifest.mpd": { body: MPD, type: "application/dash+xml" },
    "master.m3u8": { body: MASTER, type: "application/vnd.apple.mpegurl" },
  });
  recorder.install();
});

afterAll(async () => {
  recorder?.uninstall();
  await removeVideos(h.ports.db, created);
  await Promise.all([neon?.close(), upstash?.close()]);
});

async function measured(b: Budget): Promise<{ answer: Answer; trips: RoundTrips }> {
  const { result, trips } = await recorder.measure(b.call);
  return { answer: result, trips };
}

async function newUpload(size: number): Promise<{ id: string; url: string }> {
  const res = await h.call("POST", "/uploads", {
    token: owner.token,
    json: { title: "Budget clip", filename: "clip.mp4", content_type: "video/mp4", size_bytes: size, visibility: "private" },
  });
  expect(res.status).toBe(201);
  created.push(res.body.data.video.id);
  return { id: res.body.data.video.id, url: res.body.data.upload.url };
}

const BYTES = new Uint8Array(1024).fill(7);

const budgets: Budget[] = [
  { route: "GET /videos (anonymous)", depth: 1, neon: 1, status: 200, call: () => h.call("GET", "/videos") },
  { route: "GET /videos/:id (anonymous, public)", depth: 1, neon: 1, status: 200, call: () => h.call("GET", `/videos/${publicVideoId}`) },
  {
    route: "GET /videos/:id (signed in)",
    depth: 1,
    neon: 1,
    status: 200,
    call: () => h.call("GET", `/videos/${publicVideoId}`, { token: owner.token }),
  },
  { route: "GET /users/me/videos", depth: 1, neon: 1, status: 200, call: () => h.call("GET", "/users/me/videos", { token: owner.token }) },
  {
    route: "GET /videos/:id/playback (signed in)",
    depth: 1,
    neon: 1,
    status: 200,
    call: () => h.call("GET", `/videos/${publicVideoId}/playback`, { token: owner.token }),
  },
  // The manifests: the video and its caption tracks in one Neon read, then the stored manifest.
  {
    route: "GET /videos/:id/manifest.mpd",
    depth: 2,
    neon: 1,
    status: 200,
    call: () => h.call("GET", `/videos/${publicVideoId}/manifest.mpd`),
  },
  {
    route: "GET /videos/:id/master.m3u8",
    depth: 2,
    neon: 1,
    status: 200,
    call: () => h.call("GET", `/videos/${publicVideoId}/master.m3u8`),
  },
  {
    route: "GET /videos/:id/captions/:language/playlist.m3u8",
    depth: 1,
    neon: 1,
    status: 200,
    call: () => h.call("GET", `/videos/${publicVideoId}/captions/en/playlist.m3u8`),
  },
  { route: "GET /users/me", depth: 1, neon: 1, status: 200, call: () => h.call("GET", "/users/me", { token: owner.token }) },
  {
    route: "POST /uploads",
    depth: 2,
    neon: 1,
    status: 201,
    call: () =>
      h.call("POST", "/uploads", {
        token: owner.token,
        json: { title: "Budget clip", filename: "clip.mp4", content_type: "video/mp4", size_bytes: BYTES.length, visibility: "private" },
      }),
  },
  {
    route: "POST /uploads/:id/complete",
    depth: 2,
    neon: 2,
    status: 202,
    call: async () => {
      recorder.uninstall(); // the fixture's own requests are not the route's
      const upload = await newUpload(BYTES.length);
      const put = await fetch(upload.url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: new Blob([BYTES]) });
      expect(put.status).toBe(200);
      recorder.install();
      return h.call("POST", `/uploads/${upload.id}/complete`, { token: owner.token });
    },
  },
  {
    route: "PATCH /videos/:id",
    depth: 2,
    neon: 1,
    status: 200,
    call: () => h.call("PATCH", `/videos/${publicVideoId}`, { token: owner.token, json: { title: "Renamed within budget" } }),
  },
  // The account is read beside the rate limit (Upstash), the password checked after both, then the session written.
  {
    route: "POST /auth/login",
    depth: 2,
    neon: 2,
    status: 200,
    call: () => h.call("POST", "/auth/login", { json: { email: owner.email, password: owner.password } }),
  },
  {
    route: "POST /auth/refresh",
    depth: 2,
    neon: 2,
    status: 200,
    call: () => h.call("POST", "/auth/refresh", { json: { refresh_token: owner.refreshToken } }),
  },
  {
    route: "POST /auth/register",
    depth: 3,
    neon: 2,
    status: 201,
    call: () =>
      h.call("POST", "/auth/register", {
        json: { name: "Budget Two", email: `b-${crypto.randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" },
      }),
  },
  {
    route: "POST /auth/logout",
    depth: 3,
    neon: 1,
    status: 200,
    // Its own session: the owner's token must stay valid for the routes around it.
    call: async () => {
      recorder.uninstall();
      const login = await h.call("POST", "/auth/login", { json: { email: owner.email, password: owner.password } });
      recorder.install();
      return h.call("POST", "/auth/logout", { token: login.body.data.token });
    },
  },
  // Last: it deletes the fixture the routes above read.
  {
    route: "DELETE /videos/:id",
    depth: 2,
    neon: 1,
    status: 200,
    call: () => h.call("DELETE", `/videos/${publicVideoId}`, { token: owner.token }),
  },
];

describe("round-trip budget per route", () => {
  it.each(budgets)("$route: $depth sequential upstream call(s), $neon Neon request(s)", async (b) => {
    const { answer, trips } = await measured(b);
    expect(answer.status, JSON.stringify(answer.body)).toBe(b.status);
    const newVideo = answer.body?.data?.video?.id as string | undefined;
    if (newVideo) created.push(newVideo);
    const made = `${b.route} made these calls:\n${describeCalls(trips.calls)}`;
    expect(trips.depth, made).toBe(b.depth);
    expect(trips.calls.filter((call) => call.upstream === "neon").length, made).toBe(b.neon);
  });

  it("counts calls made one after another, and calls made together once", async () => {
    const { trips: apart } = await recorder.measure(async () => {
      await h.ports.redis.get("round-trip-budget:probe");
      await h.ports.redis.get("round-trip-budget:probe");
    });
    expect(apart.depth).toBe(2);
    const { trips: together } = await recorder.measure(() =>
      Promise.all([h.ports.redis.get("round-trip-budget:probe"), h.ports.db.execute("select 1")]),
    );
    expect(together.calls.map((c) => c.upstream).sort()).toEqual(["neon", "upstash"]);
    expect(together.depth).toBe(1);
  });
});
