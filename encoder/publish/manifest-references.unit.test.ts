import { describe, expect, it } from "vitest";
import { isFinalManifest, manifestKind, referencedFiles } from "./manifest-references.js";

// Trimmed from what ffmpeg 5.1's dash muxer wrote two segments into a 12 s encode.
const LIVE_MPD = `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011"
	type="dynamic"
	minimumUpdatePeriod="PT2S" availabilityStartTime="2026-11-30T08:03:22.577Z">
	<Period id="0" start="PT0.0S">
		<AdaptationSet id="0" contentType="video">
			<Representation id="0" mimeType="video/mp4" codecs="avc1.64001e" bandwidth="719464" width="640" height="360">
				<SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
					<SegmentTimeline>
						<S t="0" d="30720" r="1" />
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
		<AdaptationSet id="1" contentType="audio">
			<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="69000">
				<SegmentTemplate timescale="44100" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
					<SegmentTimeline>
						<S t="0" d="86016" />
						<S d="88064" />
						<S d="1840" />
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
	</Period>
	<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="https://example.invalid/time"/>
</MPD>`;

const LIVE_MEDIA = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:1
#EXT-X-MAP:URI="init-0.m4s"
#EXTINF:2.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-11-30T08:03:22.000+0000
chunk-0-00001.m4s
#EXTINF:2.000000,
chunk-0-00002.m4s
`;

const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_2",DEFAULT=YES,URI="media_2.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=793263,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_A1"
media_0.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=228419,RESOLUTION=320x180,CODECS="avc1.64000d,mp4a.40.2",AUDIO="group_A1"
media_1.m3u8
`;

describe("referencedFiles", () => {
  it("lists each representation's init segment and one file per timeline entry and repeat", () => {
    expect(referencedFiles("mpd", LIVE_MPD)).toEqual([
      "init-0.m4s",
      "chunk-0-00001.m4s",
      "chunk-0-00002.m4s",
      "init-2.m4s",
      "chunk-2-00001.m4s",
      "chunk-2-00002.m4s",
      "chunk-2-00003.m4s",
    ]);
  });

  it("fills $Time$ from the timeline and keeps $$ as a dollar", () => {
    const mpd = `<Representation id="v"><SegmentTemplate initialization="i.mp4" media="s-$Time$-$$.m4s"><SegmentTimeline><S t="100" d="50" r="2"/></SegmentTimeline></SegmentTemplate></Representation>`;
    expect(referencedFiles("mpd", mpd)).toEqual(["i.mp4", "s-100-$.m4s", "s-150-$.m4s", "s-200-$.m4s"]);
  });

  it("refuses an open-ended repeat rather than guessing the segments", () => {
    const mpd = `<Representation id="v"><SegmentTemplate media="s-$Number$.m4s"><SegmentTimeline><S t="0" d="50" r="-1"/></SegmentTimeline></SegmentTemplate></Representation>`;
    expect(() => referencedFiles("mpd", mpd)).toThrow(/does not support/);
  });

  it("lists an HLS media playlist's map and segments, and the master's playlists", () => {
    expect(referencedFiles("hls-media", LIVE_MEDIA)).toEqual(["init-0.m4s", "chunk-0-00001.m4s", "chunk-0-00002.m4s"]);
    expect(referencedFiles("hls-master", MASTER)).toEqual(["media_2.m3u8", "media_0.m3u8", "media_1.m3u8"]);
  });
});

describe("isFinalManifest", () => {
  it("tells a growing manifest from a finished one", () => {
    expect(isFinalManifest("mpd", LIVE_MPD)).toBe(false);
    expect(isFinalManifest("mpd", LIVE_MPD.replace('type="dynamic"', 'type="static"'))).toBe(true);
    expect(isFinalManifest("hls-media", LIVE_MEDIA)).toBe(false);
    expect(isFinalManifest("hls-media", `${LIVE_MEDIA}#EXT-X-ENDLIST\n`)).toBe(true);
  });

  it("knows manifests by name", () => {
    expect(manifestKind("manifest.mpd", "master.m3u8")).toBe("mpd");
    expect(manifestKind("master.m3u8", "master.m3u8")).toBe("hls-master");
    expect(manifestKind("media_3.m3u8", "master.m3u8")).toBe("hls-media");
    expect(manifestKind("chunk-0-00001.m4s", "master.m3u8")).toBeNull();
  });
});
