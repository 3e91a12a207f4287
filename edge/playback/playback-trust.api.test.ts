import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { videos } from "../../shared/db/schema.js";
import { insertVideo, putOutputs, removeVideos } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";
import { LIVE_MEDIA_PLAYLIST, LIVE_MPD, MASTER_PLAYLIST } from "./testing/ffmpeg-manifests.js";

let h: Harness;
let owner: SignedUp;
let viewer: SignedUp;
const created: string[] = [];
const PUBLIC_BASE_URL = "https://api.vod.test";

beforeAll(async () => {
  h = await edgeHarness({ PUBLIC_BASE_URL });
  owner = await signUp(h, "Trust Owner");
  viewer = await signUp(h, "Trust Viewer");
});
afterAll(async () => removeVideos(h.ports.db, created));

async function playableVideo(visibility: "public" | "private") {
  const v = await insertVideo(h.ports.db, owner.userId, { visibility });
  created.push(v.id);
  // Live manifests: the MPD names the edge's clock, the media playlist has segments to sign.
  await putOutputs(inject("stackEnv"), v, {
    "manifest.mpd": { body: LIVE_MPD, type: "application/dash+xml" },
    "master.m3u8": { body: MASTER_PLAYLIST, type: "application/vnd.apple.mpegurl" },
    "media_0.m3u8": { body: LIVE_MEDIA_PLAYLIST, type: "application/vnd.apple.mpegurl" },
  });
  return v;
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const absoluteUrls = (text: string) => text.match(/https?:\/\/[^\s"'<>]+/g) ?? [];

describe("absolute URLs come from PUBLIC_BASE_URL, never from the Host header", () => {
  it("in playback URLs (a private video's token included), HLS media URLs and the MPD's clock", async () => {
    const v = await playableVideo("private");
    // What every runtime makes of `Host: evil.example`: the request's URL names that host.
    const viaEvilHost = (path: string) => `http://evil.example${path}`;
    const evil = { "x-forwarded-host": "evil.example" };
    const playback = await h.call("GET", viaEvilHost(`/videos/${v.id}/playback`), { token: owner.token, headers: evil });
    expect(playback.status).toBe(200);
    const details = await h.call("GET", viaEvilHost(`/videos/${v.id}`), { token: owner.token, headers: evil });
    const answers = [
      playback.body.data.manifest_url,
      playback.body.data.hls_manifest_url,
      playback.body.data.storyboard_vtt_url,
      details.body.data.manifest_url,
      details.body.data.hls_url,
    ];
    for (const url of answers.filter(Boolean)) expect(new URL(url).origin).toBe(PUBLIC_BASE_URL);

    const master = await h.call("GET", viaEvilHost(pathOf(playback.body.data.hls_manifest_url)), { headers: evil });
    const mpd = await h.call("GET", viaEvilHost(pathOf(playback.body.data.manifest_url)), { headers: evil });
    expect(master.status).toBe(200);
    expect(mpd.status).toBe(200);
    expect(String(mpd.body)).toContain(`value="${PUBLIC_BASE_URL}/time"`);
    for (const url of [...absoluteUrls(String(master.body)), ...absoluteUrls(String(mpd.body))]) expect(url).not.toContain("evil.example");
    expect(absoluteUrls(String(master.body)).every((url) => url.startsWith(`${PUBLIC_BASE_URL}/videos/${v.id}/hls/`))).toBe(true);
  });
});

describe("each manifest request re-checks who may watch", () => {
  it("refuses a manifest URL fetched while the video was public once it is private, except to its owner", async () => {
    const v = await playableVideo("public");
    const anonymous = (await h.call("GET", `/videos/${v.id}/playback`)).body.data;
    const signedIn = (await h.call("GET", `/videos/${v.id}/playback`, { token: viewer.token })).body.data;
    const owners = (await h.call("GET", `/videos/${v.id}/playback`, { token: owner.token })).body.data;
    for (const data of [anonymous, signedIn, owners]) expect((await h.call("GET", pathOf(data.manifest_url))).status).toBe(200);

    expect((await h.call("PATCH", `/videos/${v.id}`, { token: owner.token, json: { visibility: "private" } })).status).toBe(200);
    for (const data of [anonymous, signedIn]) {
      for (const url of [data.manifest_url, data.hls_manifest_url]) expect((await h.call("GET", pathOf(url))).status, url).toBe(404);
    }
    expect((await h.call("GET", pathOf(owners.manifest_url))).status).toBe(200);
    expect((await h.call("GET", pathOf(owners.hls_manifest_url))).status).toBe(200);
  });

  it("refuses every manifest of a deleted video, even to its owner's token", async () => {
    const v = await playableVideo("private");
    const owners = (await h.call("GET", `/videos/${v.id}/playback`, { token: owner.token })).body.data;
    expect((await h.call("GET", pathOf(owners.manifest_url))).status).toBe(200);
    await h.ports.db.update(videos).set({ status: "deleted" }).where(eq(videos.id, v.id));
    for (const url of [owners.manifest_url, owners.hls_manifest_url]) {
      const res = await h.call("GET", pathOf(url), { token: owner.token });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: "Resource Not Found", data: {} });
    }
  });
});
