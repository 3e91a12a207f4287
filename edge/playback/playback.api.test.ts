import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { insertVideo, putOutputs, removeVideos } from "../../test/catalog-fixtures.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../test/edge-harness.js";

let h: Harness;
let owner: SignedUp;
let stranger: SignedUp;
const created: string[] = [];

const MPD = `<?xml version="1.0"?><MPD type="static"><Period><AdaptationSet><Representation id="0"><SegmentTemplate initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s"/></Representation></AdaptationSet></Period></MPD>`;
const MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nmedia_0.m3u8\n";
const MEDIA = '#EXTM3U\n#EXT-X-MAP:URI="init-0.m4s"\n#EXTINF:2.0,\nchunk-0-00001.m4s\n#EXT-X-ENDLIST\n';
const VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90\n";

async function readyVideo(visibility: "public" | "private") {
  const v = await insertVideo(h.ports.db, owner.userId, { visibility });
  created.push(v.id);
  await putOutputs(inject("stackEnv"), v.id, {
    "manifest.mpd": { body: MPD, type: "application/dash+xml" },
    "master.m3u8": { body: MASTER, type: "application/vnd.apple.mpegurl" },
    "media_0.m3u8": { body: MEDIA, type: "application/vnd.apple.mpegurl" },
    "storyboard.vtt": { body: VTT, type: "text/vtt" },
    "init-0.m4s": { body: "init", type: "video/mp4" },
    "chunk-0-00001.m4s": { body: "chunk", type: "video/iso.segment" },
    "poster.jpg": { body: "jpeg", type: "image/jpeg" },
    "storyboard.jpg": { body: "sprite", type: "image/jpeg" },
  });
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

describe("rewritten manifests", () => {
  it("serve DASH with signed absolute segment templates, and the right type and cache policy", async () => {
    const v = await readyVideo("public");
    const res = await h.call("GET", `/videos/${v.id}/manifest.mpd`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/dash+xml");
    expect(res.headers.get("cache-control")).toBe("private, max-age=10");
    const templates = [...String(res.body).matchAll(/(?:initialization|media)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(templates).toHaveLength(2);
    for (const t of templates) expect(signedOn(t, v.id)).toBe(true);
  });

  it("serve HLS: the master points at rewritten media playlists whose segments are signed", async () => {
    const v = await readyVideo("public");
    const master = await h.call("GET", `/videos/${v.id}/master.m3u8`);
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const variant = String(master.body).split("\n").find((l) => l && !l.startsWith("#"))!;
    expect(variant).toMatch(new RegExp(`/videos/${v.id}/hls/media_0\\.m3u8$`));
    const media = await h.call("GET", new URL(variant).pathname);
    expect(media.status).toBe(200);
    const uris = [...String(media.body).matchAll(/URI="([^"]+)"/g)].map((m) => m[1]!);
    const segments = String(media.body).split("\n").filter((l) => l && !l.startsWith("#"));
    for (const u of [...uris, ...segments]) expect(signedOn(u, v.id)).toBe(true);
    expect(String(media.body)).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect((await h.call("GET", `/videos/${v.id}/hls/..%2Fsecret.m3u8`)).status).toBe(400);
  });

  it("serve storyboard cues with signed sprite URLs", async () => {
    const v = await readyVideo("public");
    const res = await h.call("GET", `/videos/${v.id}/storyboard.vtt`);
    expect(res.headers.get("content-type")).toBe("text/vtt");
    const cue = String(res.body).split("\n").find((l) => l.includes("#xywh="))!;
    expect(signedOn(cue.split("#")[0]!, v.id)).toBe(true);
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
    const master = await h.call("GET", new URL(playback.body.data.hls_manifest_url).pathname + new URL(playback.body.data.hls_manifest_url).search);
    const variant = new URL(String(master.body).split("\n").find((l) => l && !l.startsWith("#"))!);
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
      ...[...mpd.matchAll(/(?:initialization|media)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&").replace("$RepresentationID$", "0").replace("$Number%05d$", "00001")),
      ...[...media.matchAll(/URI="([^"]+)"/g)].map((m) => m[1]!),
      ...media.split("\n").filter((l) => l && !l.startsWith("#")),
    ];
    expect(urls).toHaveLength(4);
    for (const url of urls) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
    }
    const playback = (await h.call("GET", `/videos/${v.id}/playback`)).body.data;
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
});
