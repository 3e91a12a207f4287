import { describe, expect, it } from "vitest";
import { keptRungs, rewriteHlsMaster, rewriteMpd } from "./final-manifests.js";
import { planLadder } from "./ladder.js";
import { mediaInfo } from "./testing/media-info.js";

const rate = (kbps: number) => ({ averageBps: kbps * 1000, peakBps: kbps * 2000, longestSegmentSeconds: 2 });
const hd = mediaInfo({ width: 1920, height: 1080 });

describe("keptRungs", () => {
  it("keeps every adaptive rung that costs more than 10 % over the one below", () => {
    const rungs = planLadder(hd);
    expect(keptRungs(rungs, [900, 500, 250, 120, 60].map(rate))).toEqual([true, true, true, true, true]);
  });

  it("drops a rung whose rung above costs at most 10 % more: a player that can fetch it fetches the larger picture", () => {
    const rungs = planLadder(hd);
    // 1080p barely above 720p; 360p and 240p cost the same as 480p.
    expect(keptRungs(rungs, [105, 100, 60, 58, 57].map(rate))).toEqual([true, false, true, false, false]);
  });

  it("never drops a fixed-bitrate rung, and judges AV1 rungs only against AV1 rungs", () => {
    expect(keptRungs(planLadder(hd, { mode: "fixed" }), [100, 100, 100, 100, 100].map(rate))).toEqual([true, true, true, true, true]);
    const both = planLadder(mediaInfo({ width: 1280, height: 720 }), { av1: true });
    expect(both.map((r) => r.name)).toEqual(["720p", "480p", "360p", "240p", "720p-av1", "480p-av1", "360p-av1", "240p-av1"]);
    expect(keptRungs(both, [800, 400, 200, 100, 90, 85, 40, 20].map(rate))).toEqual([true, true, true, true, true, false, true, true]);
  });
});

const MPD = `<?xml version="1.0" encoding="utf-8"?>
<MPD type="static" mediaPresentationDuration="PT10.0S" maxSegmentDuration="PT1.0S" minBufferTime="PT2.0S">
	<Period id="0" start="PT0.0S">
		<AdaptationSet id="0" contentType="video" maxWidth="1280" maxHeight="720">
			<Representation id="0" mimeType="video/mp4" codecs="avc1.64001f" bandwidth="3000000" width="1280" height="720">
				<SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
				</SegmentTemplate>
			</Representation>
			<Representation id="1" mimeType="video/mp4" codecs="avc1.64001e" bandwidth="1400000" width="854" height="480">
				<SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
		<AdaptationSet id="1" contentType="audio">
			<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000" audioSamplingRate="48000">
			</Representation>
		</AdaptationSet>
	</Period>
</MPD>
`;

const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_0",DEFAULT=YES,URI="media_2.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=3140800,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="group_A1"
media_0.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=1540800,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_A1"
media_1.m3u8

`;

describe("the final manifests", () => {
  it("declare each video rung's measured peak in the MPD, drop the rungs not kept, and leave audio alone", () => {
    const mpd = rewriteMpd(MPD, [rate(900), rate(850)], [true, false], 2.002);
    expect(mpd).toContain('<MPD type="static" mediaPresentationDuration="PT10.0S" maxSegmentDuration="PT2.002S" minBufferTime="PT2.0S">');
    expect(mpd).toContain('<Representation id="0" mimeType="video/mp4" codecs="avc1.64001f" bandwidth="1800000"');
    expect(mpd).not.toContain('<Representation id="1"');
    expect(mpd).toContain('<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000"');
    expect(mpd).toMatch(/<\/Representation>\n\t\t<\/AdaptationSet>/);
  });

  it("declare the whole variant (video and audio) in the HLS master: peak BANDWIDTH and AVERAGE-BANDWIDTH", () => {
    const master = rewriteHlsMaster(MASTER, [rate(900), rate(850)], [true, false], {
      averageBps: 130_000,
      peakBps: 140_000,
      longestSegmentSeconds: 1,
    });
    expect(master).toContain(
      '#EXT-X-STREAM-INF:BANDWIDTH=1940000,AVERAGE-BANDWIDTH=1030000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"',
    );
    expect(master).not.toContain("media_1.m3u8");
    expect(master).toContain('URI="media_2.m3u8"');
    expect(master.split("\n").filter((l) => l.startsWith("#EXT-X-STREAM-INF"))).toHaveLength(1);
  });
});
