import { describe, expect, it } from "vitest";
import { durationSeconds, manifestExtent } from "./manifest-extent.js";

// As ffmpeg's dash muxer writes them mid-encode (trimmed), with segment URLs as the edge rewrites them.
const signed = (file: string) => `https://cdn.example/videos/vid_1/r1/${file}?Policy=p&amp;Signature=s&amp;Key-Pair-Id=k`;
const live = (availabilityStartTime: string, video: string, audio: string) => `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011"
	type="dynamic"
	minimumUpdatePeriod="PT2S"
	suggestedPresentationDelay="PT2S"
	availabilityStartTime="${availabilityStartTime}"
	publishTime="2026-11-30T08:07:49.530Z"
	maxSegmentDuration="PT2.0S"
	minBufferTime="PT4.0S">
	<Period id="0" start="PT0.0S">
		<AdaptationSet id="0" contentType="video" startWithSAP="1" segmentAlignment="true" frameRate="30/1">
			<Representation id="0" mimeType="video/mp4" codecs="avc1.64001e" bandwidth="684812" width="640" height="360">
				<SegmentTemplate timescale="15360" initialization="${signed("init-$RepresentationID$.m4s")}" media="${signed("chunk-$RepresentationID$-$Number%05d$.m4s")}" startNumber="1">
					<SegmentTimeline>
${video}
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
		<AdaptationSet id="1" contentType="audio" startWithSAP="1" segmentAlignment="true" lang="und">
			<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000" audioSamplingRate="44100">
				<SegmentTemplate timescale="44100" initialization="${signed("init-$RepresentationID$.m4s")}" media="${signed("chunk-$RepresentationID$-$Number%05d$.m4s")}" startNumber="1">
					<SegmentTimeline>
${audio}
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
	</Period>
	<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="https://edge.example/time"/>
</MPD>`;

const START = "2026-11-30T08:07:45.521Z";
const at = (secondsAfterStart: number) => Date.parse(START) + secondsAfterStart * 1000;
// Video: 3 segments of 2 s (6 s); audio: 1.95 s + 2 x 1.997 s (5.94 s).
const growing = live(START, `<S t="0" d="30720" r="2" />`, `<S t="0" d="86016" />\n<S d="88064" r="1" />`);

describe("how far a manifest can be played", () => {
  it("a growing manifest: to the end of its shortest timeline, once the wall clock has got there", () => {
    expect(manifestExtent(growing, at(60))).toEqual({ growing: true, seconds: expect.closeTo((86016 + 2 * 88064) / 44100, 6) });
    // Encoded faster than real time: dash.js only requests what the clock says exists.
    expect(manifestExtent(growing, at(3.5))).toEqual({ growing: true, seconds: expect.closeTo(3.5, 6) });
    expect(manifestExtent(growing, at(-1))).toEqual({ growing: true, seconds: 0 });
  });

  it("a finished manifest: its whole duration, whatever the time", () => {
    const finished = growing.replace(
      /type="dynamic"[\s\S]*?availabilityStartTime="[^"]*"/,
      'type="static" mediaPresentationDuration="PT1M0.04S"',
    );
    expect(manifestExtent(finished, 0)).toEqual({ growing: false, seconds: expect.closeTo(60.04, 6) });
    // Without a duration, the timelines tell.
    expect(manifestExtent(finished.replace(/ mediaPresentationDuration="[^"]*"/, ""), 0)?.seconds).toBeCloseTo(5.94, 2);
  });

  it("reads explicit start times, repeats and a presentation time offset", () => {
    const shifted = live(START, `<S t="30720" d="30720" r="1" />\n<S t="92160" d="15360" />`, `<S t="0" d="88200" />`).replace(
      'timescale="15360"',
      'timescale="15360" presentationTimeOffset="15360"',
    );
    // Video ends at 107520 ticks, 1 s of offset: 6 s; audio ends at 2 s.
    expect(manifestExtent(shifted, at(100))?.seconds).toBeCloseTo(2, 6);
    const videoOnly = shifted.replace(/<AdaptationSet id="1"[\s\S]*?<\/AdaptationSet>/, "");
    expect(manifestExtent(videoOnly, at(100))?.seconds).toBeCloseTo(6, 6);
  });

  it("a new encode attempt starts empty; anything but an MPD is not understood", () => {
    expect(manifestExtent(live(START, "", ""), at(10))).toEqual({ growing: true, seconds: 0 });
    expect(manifestExtent('{"message":"Service Unavailable"}', 0)).toBeNull();
  });

  it("reads xs:durations as MPDs write them", () => {
    expect(durationSeconds("PT60.0S")).toBe(60);
    expect(durationSeconds("PT1H2M3.5S")).toBe(3723.5);
    expect(durationSeconds("P1DT0S")).toBe(86_400);
    expect([durationSeconds("P"), durationSeconds("PT"), durationSeconds("60"), durationSeconds(undefined)].every(Number.isNaN)).toBe(true);
  });
});
