import { describe, expect, it } from "vitest";
import { representationTimeline } from "./mpd-timeline.js";

// As ffmpeg's dash muxer writes a static manifest: a template and timeline inside each Representation.
const MPD = `<MPD type="static"><Period id="0" start="PT0.0S">
  <AdaptationSet id="0" contentType="video">
    <Representation id="0" mimeType="video/mp4" width="426" height="240">
      <SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
        <SegmentTimeline><S t="0" d="15360" /><S d="30720" r="1" /></SegmentTimeline>
      </SegmentTemplate>
    </Representation>
  </AdaptationSet>
  <AdaptationSet id="1" contentType="audio">
    <Representation id="1" mimeType="audio/mp4">
      <SegmentTemplate timescale="48000" startNumber="3">
        <SegmentTimeline><S t="0" d="48000" /><S d="24000" /></SegmentTimeline>
      </SegmentTemplate>
    </Representation>
  </AdaptationSet>
</Period></MPD>`;

describe("one representation's timeline", () => {
  it("counts its numbered segments (repeats included) and says where they end", () => {
    expect(representationTimeline(MPD, "0")).toEqual({ startNumber: 1, segments: 3, endSeconds: 5 });
    expect(representationTimeline(MPD, "1")).toEqual({ startNumber: 3, segments: 2, endSeconds: 1.5 });
  });

  it("is undefined for an id the manifest does not have", () => {
    expect(representationTimeline(MPD, "2")).toBeUndefined();
  });
});
