import { describe, expect, inject, it } from "vitest";
import { apiTestBed } from "../../local/testing/api-test-bed.js";
import { insertVideo, playableOutputs, putOutputs } from "../../local/testing/catalog-fixtures.js";
import { MAX_CAPTION_BYTES } from "../../shared/contracts/captions.js";
import { FINAL_MPD, LIVE_MEDIA_PLAYLIST, LIVE_MPD, MASTER_PLAYLIST } from "./testing/ffmpeg-manifests.js";

const bed = apiTestBed({ owner: "Caption Owner", stranger: "Caption Stranger" });

const VTT =
  "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello <i>there</i>.\n\nsecond\n00:00:02.500 --> 00:00:05.900\n<v Ana>Bye &amp; thanks</v>\n";
const SRT = "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Bonjour</i>\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nAu revoir\r\n";
const TRACK = { label: "English", kind: "captions" };

/** A video as the catalog has it (6 s long), with manifests ffmpeg wrote: ready, or still encoding (playable). */
async function video(state: "ready" | "encoding", visibility: "public" | "private" = "public") {
  const v =
    state === "ready"
      ? await insertVideo(bed.h.ports.db, bed.user.owner.userId, { visibility })
      : await insertVideo(bed.h.ports.db, bed.user.owner.userId, {
          visibility,
          status: "processing",
          progress: 30,
          publishedAt: null,
          outputs: (id) => playableOutputs(id),
        });
  bed.created.push(v.id);
  await putOutputs(inject("stackEnv"), v, {
    "manifest.mpd": { body: state === "ready" ? FINAL_MPD : LIVE_MPD, type: "application/dash+xml" },
    "master.m3u8": { body: MASTER_PLAYLIST, type: "application/vnd.apple.mpegurl" },
    "media_0.m3u8": { body: LIVE_MEDIA_PLAYLIST, type: "application/vnd.apple.mpegurl" },
  });
  return v;
}

const put = (id: string, language: string, body: unknown, token = bed.user.owner.token) =>
  bed.h.call("PUT", `/videos/${id}/captions/${language}`, { token, json: body });
const pathOf = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
const signedOn = (url: string, videoId: string) => {
  const u = new URL(url);
  return (
    u.origin === bed.h.ports.config.CDN_BASE_URL && u.pathname.startsWith(`/videos/${videoId}/captions/`) && u.searchParams.has("Signature")
  );
};

describe("adding caption tracks", () => {
  it("publishes WebVTT from the body, listed with a signed file in details and playback, served by the CDN", async () => {
    const v = await video("ready");
    const res = await put(v.id, "EN-us", { ...TRACK, content: VTT });
    expect(res.status).toBe(201);
    expect(res.body.data.track).toMatchObject({ language: "en-US", label: "English", kind: "captions", cue_count: 2 });

    for (const token of [undefined, bed.user.stranger.token]) {
      const details = await bed.h.call("GET", `/videos/${v.id}`, { token });
      expect(details.body.data.captions).toHaveLength(1);
      const [track] = details.body.data.captions;
      // The allow-list: what a viewer needs, nothing about the file's storage.
      expect(Object.keys(track).sort()).toEqual(["kind", "label", "language", "url"]);
      expect(signedOn(track.url, v.id)).toBe(true);
    }
    const playback = await bed.h.call("GET", `/videos/${v.id}/playback`);
    const url = playback.body.data.captions[0].url;
    expect(signedOn(url, v.id)).toBe(true);
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("text/vtt");
    expect(await file.text()).toBe(VTT);
    // Signed like the segments: without the signature the CDN refuses it.
    expect((await fetch(url.split("?")[0]!)).status).toBe(403);
  });

  it("converts SRT to WebVTT", async () => {
    const v = await video("ready");
    const res = await put(v.id, "fr", { label: "Français", kind: "subtitles", content: SRT });
    expect(res.status).toBe(201);
    const playback = await bed.h.call("GET", `/videos/${v.id}/playback`);
    const text = await (await fetch(playback.body.data.captions[0].url)).text();
    expect(text).toBe("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\n<i>Bonjour</i>\n\n2\n00:00:03.000 --> 00:00:04.000\nAu revoir\n");
  });

  it("takes a file uploaded to storage through a presigned URL, then validates and publishes it on complete", async () => {
    const v = await video("encoding");
    const language = "pt-BR";
    const bytes = new TextEncoder().encode(VTT);
    const early = await bed.h.call("POST", `/videos/${v.id}/captions/${language}/complete`, { token: bed.user.owner.token, json: TRACK });
    expect(early.status).toBe(409);
    const upload = await bed.h.call("POST", `/videos/${v.id}/captions/${language}/upload`, {
      token: bed.user.owner.token,
      json: { size_bytes: bytes.byteLength },
    });
    expect(upload.status).toBe(201);
    const { url, headers } = upload.body.data.upload;
    expect((await fetch(url, { method: "PUT", headers, body: bytes })).status).toBe(200);
    const done = await bed.h.call("POST", `/videos/${v.id}/captions/${language}/complete`, { token: bed.user.owner.token, json: TRACK });
    expect(done.status).toBe(201);
    expect(done.body.data.track).toMatchObject({ language, cue_count: 2 });
    const playback = await bed.h.call("GET", `/videos/${v.id}/playback`);
    expect(await (await fetch(playback.body.data.captions[0].url)).text()).toBe(VTT);
    // The upload is consumed: completing again finds nothing.
    expect(
      (await bed.h.call("POST", `/videos/${v.id}/captions/${language}/complete`, { token: bed.user.owner.token, json: TRACK })).status,
    ).toBe(409);
  });

  it("refuses a stored upload larger than the limit, whatever storage let through", async () => {
    const v = await video("ready");
    const upload = await bed.h.call("POST", `/videos/${v.id}/captions/de/upload`, {
      token: bed.user.owner.token,
      json: { size_bytes: 100 },
    });
    const big = `WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${"x".repeat(MAX_CAPTION_BYTES)}\n`;
    // The local S3 does not hold a PUT to the length it was signed for; the edge checks again.
    await fetch(upload.body.data.upload.url, { method: "PUT", body: big });
    const done = await bed.h.call("POST", `/videos/${v.id}/captions/de/complete`, { token: bed.user.owner.token, json: TRACK });
    expect(done.status).toBe(400);
    expect(done.body.data.errors.file[0]).toContain("larger than");
    const tooBig = await bed.h.call("POST", `/videos/${v.id}/captions/de/upload`, {
      token: bed.user.owner.token,
      json: { size_bytes: MAX_CAPTION_BYTES + 1 },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.data.errors.size_bytes).toHaveLength(1);
  });

  it("replaces the track of a language (a new file) and deletes it (file gone, 404 after)", async () => {
    const v = await video("ready");
    await put(v.id, "en", { ...TRACK, content: VTT });
    const first = (await bed.h.call("GET", `/videos/${v.id}/playback`)).body.data.captions[0].url;
    const replaced = await put(v.id, "en", { label: "English (CC)", kind: "captions", content: SRT });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data.track).toMatchObject({ label: "English (CC)", cue_count: 2 });
    const details = await bed.h.call("GET", `/videos/${v.id}`);
    expect(details.body.data.captions).toHaveLength(1);
    const second = details.body.data.captions[0].url;
    expect(new URL(second).pathname).not.toBe(new URL(first).pathname);
    expect(await (await fetch(second)).text()).toContain("Bonjour");
    expect((await fetch(first)).status).not.toBe(200);

    const removed = await bed.h.call("DELETE", `/videos/${v.id}/captions/en`, { token: bed.user.owner.token });
    expect(removed.status).toBe(200);
    // The owner's view is never cached; anonymous ones may hold the track for the edge cache's lifetime (edge-cache.api.test.ts).
    expect((await bed.h.call("GET", `/videos/${v.id}`, { token: bed.user.owner.token })).body.data.captions).toEqual([]);
    expect((await fetch(second)).status).not.toBe(200);
    expect((await bed.h.call("DELETE", `/videos/${v.id}/captions/en`, { token: bed.user.owner.token })).status).toBe(404);
  });
});

describe("refusing caption tracks", () => {
  const cases: [string, string, unknown, string][] = [
    ["a malformed language tag", "english-", { ...TRACK, content: VTT }, "language"],
    ["a language tag with a bad subtag", "en-x", { ...TRACK, content: VTT }, "language"],
    ["an unknown kind", "en", { ...TRACK, kind: "karaoke", content: VTT }, "kind"],
    ["an empty label", "en", { ...TRACK, label: " ", content: VTT }, "label"],
    ["text that is neither WebVTT nor SRT", "en", { ...TRACK, content: "just some words\nmore words" }, "content"],
    ["a cue timing that does not parse", "en", { ...TRACK, content: "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhi\n" }, "content"],
    ["a cue ending before it starts", "en", { ...TRACK, content: "WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nhi\n" }, "content"],
    ["a cue after the video's end", "en", { ...TRACK, content: "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\nlate\n" }, "content"],
    ["HTML in a cue", "en", { ...TRACK, content: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<script>alert(1)</script>\n" }, "content"],
    ["SRT with <font>", "en", { ...TRACK, content: '1\n00:00:01,000 --> 00:00:02,000\n<font color="red">hi</font>\n' }, "content"],
    [
      "a STYLE block",
      "en",
      { ...TRACK, content: "WEBVTT\n\nSTYLE\n::cue { background: url(http://x) }\n\n00:00:01.000 --> 00:00:02.000\nhi\n" },
      "content",
    ],
    ["a file without cues", "en", { ...TRACK, content: "WEBVTT\n\nNOTE nothing here\n" }, "content"],
    [
      "text over the size limit",
      "en",
      { ...TRACK, content: `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${"é".repeat(MAX_CAPTION_BYTES / 2)}\n` },
      "content",
    ],
    ["an unknown field", "en", { ...TRACK, content: VTT, owner_id: "usr_x" }, "owner_id"],
  ];
  it.each(cases)("answers 400 with the field named for %s", async (_, language, body, field) => {
    const v = await video("ready");
    const res = await put(v.id, language, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Bad Request");
    expect(res.body.data.errors[field].length).toBeGreaterThan(0);
    // The owner's view is never cached; anonymous ones may hold the track for the edge cache's lifetime (edge-cache.api.test.ts).
    expect((await bed.h.call("GET", `/videos/${v.id}`, { token: bed.user.owner.token })).body.data.captions).toEqual([]);
  });

  it("says which cue is late, against the video's duration", async () => {
    const v = await video("ready");
    const res = await put(v.id, "en", {
      ...TRACK,
      content: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:05.000 --> 00:00:07.000\nlate\n",
    });
    expect(res.body.data.errors).toEqual({
      language: [],
      label: [],
      kind: [],
      content: ["Cue 2 ends at 00:00:07.000, after the video's end (00:00:06.000)."],
    });
  });

  it("is the owner's: others get 404 (another's video) or 401 (signed out), and nothing changes", async () => {
    const v = await video("ready");
    await put(v.id, "en", { ...TRACK, content: VTT });
    const stranger = bed.user.stranger.token;
    expect((await put(v.id, "en", { ...TRACK, content: SRT }, stranger)).status).toBe(404);
    expect((await put(v.id, "es", { ...TRACK, content: SRT }, stranger)).status).toBe(404);
    expect((await bed.h.call("DELETE", `/videos/${v.id}/captions/en`, { token: stranger })).status).toBe(404);
    expect((await bed.h.call("POST", `/videos/${v.id}/captions/en/upload`, { token: stranger, json: { size_bytes: 10 } })).status).toBe(
      404,
    );
    expect((await bed.h.call("POST", `/videos/${v.id}/captions/en/complete`, { token: stranger, json: TRACK })).status).toBe(404);
    expect((await bed.h.call("PUT", `/videos/${v.id}/captions/en`, { json: { ...TRACK, content: VTT } })).status).toBe(401);
    const details = await bed.h.call("GET", `/videos/${v.id}`);
    expect(details.body.data.captions.map((c: { language: string; label: string }) => c.label)).toEqual(["English"]);
  });

  it("waits for the video's duration: a video not encoding yet answers 409", async () => {
    const v = await insertVideo(bed.h.ports.db, bed.user.owner.userId, { status: "queued", durationSeconds: null, publishedAt: null });
    bed.created.push(v.id);
    const res = await put(v.id, "en", { ...TRACK, content: VTT });
    expect(res.status).toBe(409);
    expect(res.body.data.reason).toContain("duration");
  });
});

describe("caption tracks in the manifests", () => {
  it.each(["ready", "encoding"] as const)(
    "the %s video's MPD has a text AdaptationSet, its HLS master a SUBTITLES group",
    async (state) => {
      const v = await video(state, "private");
      await put(v.id, "en", { ...TRACK, content: VTT });
      await put(v.id, "fr", { label: "Français", kind: "subtitles", content: SRT });
      const playback = (await bed.h.call("GET", `/videos/${v.id}/playback`, { token: bed.user.owner.token })).body.data;

      const mpd = String((await bed.h.call("GET", pathOf(playback.manifest_url))).body);
      const sets = [...mpd.matchAll(/<AdaptationSet[^>]*contentType="text"[^>]*>([\s\S]*?)<\/AdaptationSet>/g)];
      expect(sets.map((m) => /lang="([^"]+)"/.exec(m[0])![1])).toEqual(["en", "fr"]);
      expect(sets[0]![0]).toContain('mimeType="text/vtt"');
      expect(sets[0]![1]).toContain('<Role schemeIdUri="urn:mpeg:dash:role:2011" value="caption"/>');
      expect(sets[1]![1]).toContain('value="subtitle"');
      const baseUrl = /<BaseURL>([^<]+)<\/BaseURL>/.exec(sets[0]![1]!)![1]!.replace(/&amp;/g, "&");
      expect(signedOn(baseUrl, v.id)).toBe(true);
      expect(await (await fetch(baseUrl)).text()).toBe(VTT);
      // Inside the Period, after the encoder's own sets.
      expect(mpd.indexOf('contentType="text"')).toBeGreaterThan(mpd.indexOf('contentType="video"'));
      expect(mpd.indexOf('contentType="text"')).toBeLessThan(mpd.indexOf("</Period>"));

      const master = String((await bed.h.call("GET", pathOf(playback.hls_manifest_url))).body);
      const media = master.split("\n").filter((l) => l.startsWith("#EXT-X-MEDIA:TYPE=SUBTITLES"));
      expect(media).toHaveLength(2);
      expect(media[0]).toContain('LANGUAGE="en"');
      expect(media[0]).toContain('NAME="English"');
      expect(media[0]).toContain("CHARACTERISTICS=");
      for (const inf of master.split("\n").filter((l) => l.startsWith("#EXT-X-STREAM-INF:"))) expect(inf).toContain('SUBTITLES="subs"');
      const playlistUrl = /URI="([^"]+)"/.exec(media[0]!)![1]!;
      expect(new URL(playlistUrl).pathname).toBe(`/videos/${v.id}/captions/en/playlist.m3u8`);
      // A private video's playlist is reached with the playback token the master carries, as a player would.
      expect((await bed.h.call("GET", new URL(playlistUrl).pathname)).status).toBe(404);
      const playlist = await bed.h.call("GET", pathOf(playlistUrl));
      expect(playlist.status).toBe(200);
      expect(playlist.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
      const lines = String(playlist.body).split("\n");
      expect(lines).toContain("#EXTINF:6.000,");
      expect(lines).toContain("#EXT-X-ENDLIST");
      const segment = lines.find((l) => l.startsWith("http"))!;
      expect(signedOn(segment, v.id)).toBe(true);
      expect(await (await fetch(segment)).text()).toBe(VTT);
      expect((await bed.h.call("GET", pathOf(playlistUrl.replace("/en/", "/de/")))).status).toBe(404);
    },
  );

  it("leaves the manifests as they were without tracks", async () => {
    const v = await video("ready");
    const mpd = String((await bed.h.call("GET", `/videos/${v.id}/manifest.mpd`)).body);
    const master = String((await bed.h.call("GET", `/videos/${v.id}/master.m3u8`)).body);
    expect(mpd).not.toContain('contentType="text"');
    expect(master).not.toContain("SUBTITLES");
  });
});
