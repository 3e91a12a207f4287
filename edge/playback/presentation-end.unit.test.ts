import { describe, expect, it } from "vitest";
import { coverLongestTrack, longestTrackSeconds } from "./presentation-end.js";

// What ffmpeg 5.1 wrote for a 60 s source: the video ends at 60.0 s, the AAC track 18 samples later.
const STATIC_MPD = `<MPD type="static" mediaPresentationDuration="PT1M0.0S" maxSegmentDuration="PT2.0S">
 <Period id="0" start="PT0.0S">
  <AdaptationSet id="0" contentType="video"><Representation id="0">
   <SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
    <SegmentTimeline><S t="0" d="30720" r="29" /></SegmentTimeline>
   </SegmentTemplate></Representation></AdaptationSet>
  <AdaptationSet id="1" contentType="audio"><Representation id="5">
   <SegmentTemplate timescale="48000" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
    <SegmentTimeline><S t="0" d="96000" r="28" /><S d="96018" /></SegmentTimeline>
   </SegmentTemplate></Representation></AdaptationSet>
 </Period>
</MPD>`;

describe("the end of a static presentation", () => {
  it("is the longest track's end", () => {
    expect(longestTrackSeconds(STATIC_MPD)).toBeCloseTo(2_880_018 / 48_000, 6);
  });

  it("raises a declared duration the audio outlasts, to the next millisecond", () => {
    const out = coverLongestTrack(STATIC_MPD);
    const declared = /mediaPresentationDuration="PT([\d.]+)S"/.exec(out)?.[1];
    expect(Number(declared)).toBeGreaterThanOrEqual(2_880_018 / 48_000);
    expect(Number(declared) - 60).toBeLessThan(0.05);
  });

  it("leaves a duration that already covers every track, and manifests without one", () => {
    const covered = STATIC_MPD.replace("PT1M0.0S", "PT1M1.0S");
    expect(coverLongestTrack(covered)).toBe(covered);
    const live = STATIC_MPD.replace(' mediaPresentationDuration="PT1M0.0S"', "");
    expect(coverLongestTrack(live)).toBe(live);
  });
});
