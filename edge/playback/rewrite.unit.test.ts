import { describe, expect, it } from "vitest";
import { isFinishedHlsMedia, rewriteHlsMaster, rewriteHlsMedia } from "./rewrite-hls.js";
import { isDynamicMpd, rewriteMpd, UTC_TIMING_SCHEME } from "./rewrite-mpd.js";
import { rewriteStoryboardVtt } from "./rewrite-vtt.js";
import { FINAL_MEDIA_PLAYLIST, FINAL_MPD, LIVE_MEDIA_PLAYLIST, LIVE_MPD } from "./testing/ffmpeg-manifests.js";

const sign = (file: string) => `https://cdn.test/videos/vid_1/${file}?Policy=p&Signature=s~&Key-Pair-Id=K1`;
const TIME_URL = "https://edge.test/time";
const utcTimings = (mpd: string) => [...mpd.matchAll(/<UTCTiming\b[^>]*>/g)].map((m) => m[0]);

const MPD = `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6.0S">
  <Period id="0" start="PT0.0S">
    <AdaptationSet id="0" contentType="video" segmentAlignment="true">
      <Representation id="0" mimeType="video/mp4" codecs="avc1.64001f" bandwidth="3000000" width="1280" height="720">
        <SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline><S t="0" d="30720" r="2" /></SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>`;

describe("DASH manifest rewriting", () => {
  it("makes init and media templates absolute and signed, keeping template identifiers and escaping for XML", () => {
    const out = rewriteMpd(MPD, sign, TIME_URL);
    expect(out).toContain(
      'initialization="https://cdn.test/videos/vid_1/init-$RepresentationID$.m4s?Policy=p&amp;Signature=s~&amp;Key-Pair-Id=K1"',
    );
    expect(out).toContain(
      'media="https://cdn.test/videos/vid_1/chunk-$RepresentationID$-$Number%05d$.m4s?Policy=p&amp;Signature=s~&amp;Key-Pair-Id=K1"',
    );
    expect(out).toContain('<S t="0" d="30720" r="2" />');
  });

  it("drops BaseURL elements (segment URLs are absolute now) and leaves absolute URLs alone", () => {
    const withBase = MPD.replace("<Period", "<BaseURL>http://old.example/</BaseURL>\n  <Period").replace(
      'media="chunk',
      'media="https://other.example/chunk',
    );
    const out = rewriteMpd(withBase, sign, TIME_URL);
    expect(out).not.toContain("BaseURL");
    expect(out).toContain('media="https://other.example/chunk-$RepresentationID$-$Number%05d$.m4s"');
  });

  it("points a live manifest's clock at the edge, in place of the encoder's, and keeps it dynamic", () => {
    const out = rewriteMpd(LIVE_MPD, sign, TIME_URL);
    expect(utcTimings(out)).toEqual([`<UTCTiming schemeIdUri="${UTC_TIMING_SCHEME}" value="${TIME_URL}"/>`]);
    expect(out).not.toContain("example.invalid");
    expect(out).toMatch(/<UTCTiming [^>]*\/>\n<\/MPD>\s*$/);
    expect(out).toContain('type="dynamic"');
    expect(out).toContain('<S t="0" d="30720" r="1" />');
    expect(out).toContain(`media="${sign("chunk-$RepresentationID$-$Number%05d$.m4s").replace(/&/g, "&amp;")}"`);
    expect(isDynamicMpd(LIVE_MPD)).toBe(true);
    expect(isDynamicMpd(FINAL_MPD)).toBe(false);
  });

  it("adds the clock to a manifest without one, and replaces one written with a closing tag", () => {
    expect(utcTimings(rewriteMpd(MPD, sign, TIME_URL))).toEqual([`<UTCTiming schemeIdUri="${UTC_TIMING_SCHEME}" value="${TIME_URL}"/>`]);
    const longForm = LIVE_MPD.replace(
      /<UTCTiming ([^>]*)\/>/,
      '<UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="x"></UTCTiming>',
    );
    const out = rewriteMpd(longForm, sign, "https://edge.test/time?a=1&b=2");
    expect(utcTimings(out)).toEqual([`<UTCTiming schemeIdUri="${UTC_TIMING_SCHEME}" value="https://edge.test/time?a=1&amp;b=2"/>`]);
    expect(out).not.toContain("</UTCTiming>");
  });

  it("declares every segment a growing manifest lists available now, and leaves a finished one as it is", () => {
    const templates = (mpd: string) => [...mpd.matchAll(/<SegmentTemplate\b[^>]*>/g)].map((m) => m[0]);
    const live = templates(rewriteMpd(LIVE_MPD, sign, TIME_URL));
    expect(live.length).toBe(templates(LIVE_MPD).length);
    expect(live.length).toBeGreaterThan(0);
    for (const t of live) expect(t.match(/availabilityTimeOffset="[^"]*"/g)).toEqual(['availabilityTimeOffset="INF"']);
    // Said once, even when the manifest already says something about it.
    const already = LIVE_MPD.replace("<SegmentTemplate ", '<SegmentTemplate availabilityTimeOffset="1.5" ');
    expect(rewriteMpd(already, sign, TIME_URL)).toContain('availabilityTimeOffset="1.5"');
    expect(rewriteMpd(FINAL_MPD, sign, TIME_URL)).not.toContain("availabilityTimeOffset");
  });
});

describe("HLS rewriting", () => {
  const master =
    '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"\nmedia_0.m3u8\n\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nmedia_1.m3u8\n';
  const media =
    '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init-0.m4s"\n#EXTINF:2.000000,\nchunk-0-00001.m4s\n#EXTINF:2.000000,\nchunk-0-00002.m4s\n#EXT-X-ENDLIST\n';

  it("points master variants at the edge's media playlists", () => {
    const out = rewriteHlsMaster(master, (name) => `https://edge.test/videos/vid_1/hls/${name}?token=t`);
    expect(out.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
      "https://edge.test/videos/vid_1/hls/media_0.m3u8?token=t",
      "https://edge.test/videos/vid_1/hls/media_1.m3u8?token=t",
    ]);
    expect(out).toContain('CODECS="avc1.64001f,mp4a.40.2"');
  });

  it("signs the init map and every segment, and marks a finished playlist VOD", () => {
    const out = rewriteHlsMedia(media, sign);
    expect(out).toContain(`#EXT-X-MAP:URI="${sign("init-0.m4s")}"`);
    expect(out).toContain(sign("chunk-0-00001.m4s"));
    expect(out).toContain(sign("chunk-0-00002.m4s"));
    expect(out.split("\n")[1]).toBe("#EXT-X-PLAYLIST-TYPE:VOD");
  });

  it("marks a playlist still being written EVENT, and a finished one VOD", () => {
    expect(rewriteHlsMedia(media.replace("#EXT-X-ENDLIST\n", ""), sign)).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
    const live = rewriteHlsMedia(LIVE_MEDIA_PLAYLIST, sign);
    expect(live.split("\n").slice(0, 2)).toEqual(["#EXTM3U", "#EXT-X-PLAYLIST-TYPE:EVENT"]);
    expect(live).toContain(sign("chunk-0-00002.m4s"));
    expect(isFinishedHlsMedia(LIVE_MEDIA_PLAYLIST)).toBe(false);
    expect(rewriteHlsMedia(FINAL_MEDIA_PLAYLIST, sign).split("\n")[1]).toBe("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(isFinishedHlsMedia(FINAL_MEDIA_PLAYLIST)).toBe(true);
  });
});

describe("storyboard VTT rewriting", () => {
  it("signs sprite references and keeps their xywh fragments", () => {
    const vtt =
      "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90\n\n00:00:02.000 --> 00:00:04.000\nstoryboard.jpg#xywh=160,0,160,90\n";
    const out = rewriteStoryboardVtt(vtt, sign);
    expect(out).toContain(`${sign("storyboard.jpg")}#xywh=160,0,160,90`);
    expect(out).toContain("00:00:02.000 --> 00:00:04.000");
    expect(out.startsWith("WEBVTT")).toBe(true);
  });
});
