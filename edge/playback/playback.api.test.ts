import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { videos, type VideoRow } from "../../shared/db/schema.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { insertVideo, playableOutputs, putOutputs, readyOutputs, removeVideos } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";
import { UTC_TIMING_SCHEME } from "./rewrite-mpd.js";
import { FINAL_MEDIA_PLAYLIST, FINAL_MPD, LIVE_MEDIA_PLAYLIST, LIVE_MPD, MASTER_PLAYLIST } from "./testing/ffmpeg-manifests.js";

let h: Harness;
let owner: SignedUp;
let stranger: SignedUp;
const created: string[] = [];

const MPD = `<?xml version="1.0"?><MPD type="static"><Period><AdaptationSet><Representation id="0"><SegmentTemplate initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s"/></Representation></AdaptationSet></Period></MPD>`;
const MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nmedia_0.m3u8\n";
const MEDIA = '#EXTM3U\n#EXT-X-MAP:URI="init-0.m4s"\n#EXTINF:2.0,\nchunk-0-00001.m4s\n#EXT-X-ENDLIST\n';
const VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90\n";
const SEGMENTS = {
  "init-0.m4s": { body: "init", type: "video/mp4" },
  "chunk-0-00001.m4s": { body: "chunk 1", type: "video/iso.segment" },
  "chunk-0-00002.m4s": { body: "chunk 2", type: "video/iso.segment" },
};
const RE_ENCODING = "This video is being re-encoded; try again in a few seconds.";
/** The URI lines of an HLS playlist: what is neither a tag nor blank. */
const playlistUris = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#"));

async function readyVideo(visibility: "public" | "private") {
  const v = await insertVideo(h.ports.db, owner.userId, { visibility });
  created.push(v.id);
  await putOutputs(inject("stackEnv"), v, {
    "manifest.mpd": { body: MPD, type: "application/dash+xml" },
    "master.m3u8": { body: MASTER, type: "application/vnd.apple.mpegurl" },
    "media_0.m3u8": { body: MEDIA, type: "application/vnd.apple.mpegurl" },
    "storyboard.vtt": { body: VTT, type: "text/vtt" },
    ...SEGMENTS,
    "poster.jpg": { body: "jpeg", type: "image/jpeg" },
    "storyboard.jpg": { body: "sprite", type: "image/jpeg" },
  });
  return v;
}

/** A video still encoding whose first segments are stored: what the catalog makes of a `playable` event. */
async function playableVideo(visibility: "public" | "private", files = true) {
  const v = await insertVideo(h.ports.db, owner.userId, {
    visibility,
    status: "processing",
    progress: 30,
    publishedAt: null,
    outputs: (id) => playableOutputs(id),
  });
  created.push(v.id);
  if (files) {
    await putOutputs(inject("stackEnv"), v, {
      "manifest.mpd": { body: LIVE_MPD, type: "application/dash+xml" },
      "master.m3u8": { body: MASTER_PLAYLIST, type: "application/vnd.apple.mpegurl" },
      "media_0.m3u8": { body: LIVE_MEDIA_PLAYLIST, type: "application/vnd.apple.mpegurl" },
      ...SEGMENTS,
    });
  }
  return v;
}

beforeAll(async () => {
  h = await edgeHarness();
  owner = await signUp(h);
  stranger = await signUp(h);
});
afterAll(async () => removeVideos(h.ports.db, created));

const signedOn = (url: string, videoId: string) => {
  const u = new URL(url);
  return u.origin === h.ports.config.CDN_BASE_URL && u.pathname.startsWith(`/videos/${videoId}/`) && u.searchParams.has("Signature");
};
const templatesOf = (mpd: string) => [...mpd.matchAll(/(?:initialization|media)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
const segmentUrl = (template: string, n: number) =>
  template.replace("$RepresentationID$", "0").replace("$Number%05d$", String(n).padStart(5, "0"));
const maxAgeOf = (res: { headers: Headers }) => Number(/^private, max-age=(\d+)$/.exec(res.headers.get("cache-control") ?? "")?.[1] ?? NaN);
const pathOf = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
/** A finished manifest is kept while half its signatures' life remains (whole seconds, so one less at worst). */
const expectLongMaxAge = (res: { headers: Headers }) => {
  const half = Math.min(3600, Math.floor(h.ports.config.PLAYBACK_URL_TTL_SECONDS / 2));
  expect(maxAgeOf(res)).toBeGreaterThanOrEqual(half - 1);
  expect(maxAgeOf(res)).toBeLessThanOrEqual(half);
};

describe("rewritten manifests", () => {
  it("serve DASH with signed absolute segment templates in the video's revision, and the right type and cache policy", async () => {
    const v = await readyVideo("public");
    const res = await h.call("GET", `/videos/${v.id}/manifest.mpd`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/dash+xml");
    expectLongMaxAge(res);
    const templates = templatesOf(String(res.body));
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      expect(signedOn(t, v.id)).toBe(true);
      expect(new URL(t).pathname.startsWith(`/videos/${v.id}/${v.outputs!.revision}/`)).toBe(true);
    }
  });

  it("serve HLS: the master points at rewritten media playlists whose segments are signed", async () => {
    const v = await readyVideo("public");
    const master = await h.call("GET", `/videos/${v.id}/master.m3u8`);
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    expectLongMaxAge(master);
    const variant = playlistUris(String(master.body))[0]!;
    expect(variant).toMatch(new RegExp(`/videos/${v.id}/hls/media_0\\.m3u8$`));
    const media = await h.call("GET", new URL(variant).pathname);
    expect(media.status).toBe(200);
    expectLongMaxAge(media);
    const uris = [...String(media.body).matchAll(/URI="([^"]+)"/g)].map((m) => m[1]!);
    const segments = playlistUris(String(media.body));
    for (const u of [...uris, ...segments]) expect(signedOn(u, v.id)).toBe(true);
    expect(String(media.body)).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect((await h.call("GET", `/videos/${v.id}/hls/..%2Fsecret.m3u8`)).status).toBe(400);
  });

  it("serve storyboard cues with signed sprite URLs", async () => {
    const v = await readyVideo("public");
    const res = await h.call("GET", `/videos/${v.id}/storyboard.vtt`);
    expect(res.headers.get("content-type")).toBe("text/vtt");
    expectLongMaxAge(res);
    const cue = String(res.body)
      .split("\n")
      .find((l) => l.includes("#xywh="))!;
    expect(signedOn(cue.split("#")[0]!, v.id)).toBe(true);
    expect(cue).toContain(`/videos/${v.id}/${v.outputs!.revision}/storyboard.jpg?`);
  });

  it("for a private video: only the owner or a holder of its playback token; another video's token does not work", async () => {
    const v = await readyVideo("private");
    const other = await readyVideo("private");
    expect((await h.call("GET", `/videos/${v.id}/manifest.mpd`)).status).toBe(404);
    expect((await h.call("GET", `/videos/${v.id}/manifest.mpd`, { token: stranger.token })).status).toBe(404);
    expect((await h.call("GET", `/videos/${v.id}/manifest.mpd`, { token: owner.token })).status).toBe(200);

    const playback = await h.call("GET", `/videos/${v.id}/playback`, { token: owner.token });
    const manifestUrl = new URL(playback.body.data.manifest_url);
    expect((await h.call("GET", `${manifestUrl.pathname}${manifestUrl.search}`)).status).toBe(200);
    const master = await h.call("GET", pathOf(playback.body.data.hls_manifest_url));
    const variant = new URL(playlistUris(String(master.body))[0]!);
    expect((await h.call("GET", variant.pathname + variant.search)).status).toBe(200);

    const foreign = await h.call("GET", `/videos/${other.id}/manifest.mpd${manifestUrl.search}`);
    expect(foreign.status).toBe(404);
    const tampered = await h.call("GET", `/videos/${v.id}/manifest.mpd?token=${manifestUrl.searchParams.get("token")!.slice(0, -3)}abc`);
    expect(tampered.status).toBe(404);
  });

  it("every URL of the rewritten manifests fetches through the CDN emulator; tampering is refused", async () => {
    const v = await readyVideo("public");
    const other = await readyVideo("public");
    const mpd = String((await h.call("GET", `/videos/${v.id}/manifest.mpd`)).body);
    const media = String((await h.call("GET", `/videos/${v.id}/hls/media_0.m3u8`)).body);
    const urls = [
      ...templatesOf(mpd).map((t) => segmentUrl(t, 1)),
      ...[...media.matchAll(/URI="([^"]+)"/g)].map((m) => m[1]!),
      ...playlistUris(media),
    ];
    expect(urls).toHaveLength(4);
    for (const url of urls) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
    }
    const playback = (await h.call("GET", `/videos/${v.id}/playback`)).body.data;
    expect(new URL(playback.poster_url).pathname).toBe(`/${storageKeys.poster(v.id, v.outputs!.revision!)}`);
    const poster = await fetch(playback.poster_url);
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");

    const tampered = new URL(playback.poster_url);
    tampered.searchParams.set("Signature", `${tampered.searchParams.get("Signature")!.slice(0, -4)}AAAA`);
    expect((await fetch(tampered)).status).toBe(403);
    const elsewhere = new URL(playback.poster_url.replace(v.id, other.id));
    expect((await fetch(elsewhere)).status).toBe(403);
    const unsigned = new URL(playback.poster_url);
    unsigned.search = "";
    expect((await fetch(unsigned)).status).toBe(403);
  });

  it("still serve a video encoded before revisions from the video's own folder", async () => {
    const legacy = (id: string) => ({
      manifestKey: `videos/${id}/manifest.mpd`,
      hlsKey: `videos/${id}/master.m3u8`,
      posterKey: `videos/${id}/poster.jpg`,
    });
    const v = await insertVideo(h.ports.db, owner.userId, { outputs: legacy });
    created.push(v.id);
    await putOutputs(inject("stackEnv"), v, { "manifest.mpd": { body: MPD, type: "application/dash+xml" }, ...SEGMENTS });

    const res = await h.call("GET", `/videos/${v.id}/manifest.mpd`);
    expect(res.status).toBe(200);
    const init = templatesOf(String(res.body))[0]!;
    expect(new URL(init).pathname).toBe(`/videos/${v.id}/init-$RepresentationID$.m4s`);
    expect((await fetch(segmentUrl(init, 1))).status).toBe(200);
    const playback = (await h.call("GET", `/videos/${v.id}/playback`)).body.data;
    expect(new URL(playback.dash_url).pathname).toBe(`/videos/${v.id}/manifest.mpd`);
  });
});

describe("a video still encoding (progressive publishing)", () => {
  it("plays for its owner from the live manifests of its revision: kept a second, signed in the revision, with the edge's clock", async () => {
    const v = await playableVideo("private");
    const revision = v.outputs!.revision!;

    const details = await h.call("GET", `/videos/${v.id}`, { token: owner.token });
    expect(details.status).toBe(200);
    expect(details.body.data.video).toMatchObject({ status: "processing", progress: 30, playable: true, poster_url: null });
    expect(details.body.data.manifest_url).toMatch(new RegExp(`/videos/${v.id}/manifest\\.mpd\\?token=`));
    const playback = await h.call("GET", `/videos/${v.id}/playback`, { token: owner.token });
    expect(playback.status).toBe(200);
    expect(playback.body.data).toMatchObject({ poster_url: null, storyboard_url: null, storyboard_vtt_url: null });
    expect(new URL(playback.body.data.dash_url).pathname).toBe(`/${storageKeys.manifest(v.id, revision)}`);
    expect(new URL(playback.body.data.hls_url).pathname).toBe(`/${storageKeys.hlsMaster(v.id, revision)}`);

    // What a player does with manifest_url: no Authorization header, the token in the URL.
    const mpd = await h.call("GET", pathOf(playback.body.data.manifest_url));
    expect(mpd.status).toBe(200);
    expect(mpd.headers.get("cache-control")).toBe("private, max-age=1");
    const body = String(mpd.body);
    expect(body).toContain('type="dynamic"');
    const templates = templatesOf(body);
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      expect(signedOn(t, v.id)).toBe(true);
      expect(new URL(t).pathname.startsWith(`/videos/${v.id}/${revision}/`)).toBe(true);
    }
    // The segments it lists are there, through the CDN.
    for (const url of [segmentUrl(templates[0]!, 1), segmentUrl(templates[1]!, 2)]) expect((await fetch(url)).status, url).toBe(200);

    // The clock: the encoder's is replaced by the edge's /time, which answers the time now.
    const timings = [...body.matchAll(/<UTCTiming schemeIdUri="([^"]+)" value="([^"]+)"\/>/g)];
    expect(timings.map((m) => m[1])).toEqual([UTC_TIMING_SCHEME]);
    const timeUrl = new URL(timings[0]![2]!);
    expect(timeUrl.pathname).toBe("/time");
    const time = await h.call("GET", timeUrl.pathname);
    expect(time.status).toBe(200);
    expect(Math.abs(Date.parse(String(time.body)) - Date.now())).toBeLessThan(5_000);

    const master = await h.call("GET", pathOf(playback.body.data.hls_manifest_url));
    expect(master.status).toBe(200);
    expect(master.headers.get("cache-control")).toBe("private, max-age=1");
    const variant = playlistUris(String(master.body))[0]!;
    const media = await h.call("GET", pathOf(variant));
    expect(media.status).toBe(200);
    expect(media.headers.get("cache-control")).toBe("private, max-age=1");
    const lines = String(media.body).split("\n");
    expect(lines.slice(0, 2)).toEqual(["#EXTM3U", "#EXT-X-PLAYLIST-TYPE:EVENT"]);
    expect(String(media.body)).not.toContain("#EXT-X-ENDLIST");
    const segments = playlistUris(String(media.body));
    expect(segments).toHaveLength(2);
    for (const s of segments) {
      expect(new URL(s).pathname).toMatch(new RegExp(`^/videos/${v.id}/${revision}/chunk-0-0000[12]\\.m4s$`));
      expect((await fetch(s)).status).toBe(200);
    }

    const mine = await h.call("GET", "/users/me/videos?limit=100", { token: owner.token });
    expect(mine.body.data.videos.find((x: { id: string }) => x.id === v.id)).toMatchObject({ status: "processing", playable: true });
  });

  it("is kept from everyone else while private: details, playback and manifests", async () => {
    const v = await playableVideo("private");
    for (const token of [undefined, stranger.token]) {
      expect((await h.call("GET", `/videos/${v.id}`, { token })).status).toBe(404);
      expect((await h.call("GET", `/videos/${v.id}/playback`, { token })).status).toBe(404);
      expect((await h.call("GET", `/videos/${v.id}/manifest.mpd`, { token })).status).toBe(404);
      expect((await h.call("GET", `/videos/${v.id}/hls/media_0.m3u8`, { token })).status).toBe(404);
    }
  });

  it("gets the long cache policy once the encode finished and its manifests are static", async () => {
    const v = await playableVideo("public");
    expect((await h.call("GET", `/videos/${v.id}/manifest.mpd`)).headers.get("cache-control")).toBe("private, max-age=1");

    // What the encoded event leaves: the final manifests in the same revision, the video ready.
    const revision = v.outputs!.revision!;
    await putOutputs(inject("stackEnv"), v, {
      "manifest.mpd": { body: FINAL_MPD, type: "application/dash+xml" },
      "media_0.m3u8": { body: FINAL_MEDIA_PLAYLIST, type: "application/vnd.apple.mpegurl" },
    });
    await h.ports.db
      .update(videos)
      .set({
        status: "ready",
        progress: 100,
        outputs: { ...readyOutputs(v.id, revision), revisionStartedAt: v.outputs!.revisionStartedAt },
      })
      .where(eq(videos.id, v.id));

    const mpd = await h.call("GET", `/videos/${v.id}/manifest.mpd`);
    expect(String(mpd.body)).toContain('type="static"');
    expect(String(mpd.body)).toContain('mediaPresentationDuration="PT12.0S"');
    expect(String(mpd.body)).toContain(`<UTCTiming schemeIdUri="${UTC_TIMING_SCHEME}" value="${h.ports.config.PUBLIC_BASE_URL}/time"/>`);
    expectLongMaxAge(mpd);
    expectLongMaxAge(await h.call("GET", `/videos/${v.id}/master.m3u8`));
    const media = await h.call("GET", `/videos/${v.id}/hls/media_0.m3u8`);
    expectLongMaxAge(media);
    expect(String(media.body)).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
  });

  it("answers 503 with Retry-After while its manifests are missing (its encode starting over); a ready video's missing files stay 404", async () => {
    const v = await playableVideo("public", false);
    for (const path of ["manifest.mpd", "master.m3u8", "hls/media_0.m3u8"]) {
      const res = await h.call("GET", `/videos/${v.id}/${path}`);
      expect(res.status, path).toBe(503);
      expect(res.headers.get("retry-after")).toBe("2");
      expect(res.body).toEqual({ message: "Service Unavailable", data: { reason: RE_ENCODING } });
    }
    // Storyboards come with the finished encode: not having one yet is no outage.
    expect((await h.call("GET", `/videos/${v.id}/storyboard.vtt`)).status).toBe(404);

    const gone = await insertVideo(h.ports.db, owner.userId);
    created.push(gone.id);
    const res = await h.call("GET", `/videos/${gone.id}/manifest.mpd`);
    expect(res.status).toBe(404);
    expect(res.headers.get("retry-after")).toBeNull();
  });

  it("is not playable before its first segments are stored", async () => {
    const v: VideoRow = await insertVideo(h.ports.db, owner.userId, { status: "processing", progress: 5, publishedAt: null });
    created.push(v.id);
    expect((await h.call("GET", `/videos/${v.id}`)).body.data).toMatchObject({ video: { playable: false }, manifest_url: null });
    expect((await h.call("GET", `/videos/${v.id}/playback`)).status).toBe(404);
    expect((await h.call("GET", `/videos/${v.id}/manifest.mpd`)).status).toBe(404);
  });
});
