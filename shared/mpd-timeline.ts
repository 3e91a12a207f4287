/**
 * Reading the timing of a DASH manifest as ffmpeg's dash muxer writes it: xs:durations and where each
 * SegmentTimeline ends. Regular expressions rather than an XML parser, so the same code runs in the edge
 * (Workers), the browser and the unit tests.
 */
export type Attributes = Record<string, string>;

export const attributesOf = (text: string): Attributes =>
  Object.fromEntries([...text.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));

/** An xs:duration as MPDs write it (`PT1M0.5S`, `P1DT2H`); NaN when it is not one. */
export function durationSeconds(text: string | undefined): number {
  const trimmed = text?.trim() ?? "";
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(trimmed);
  if (!m || !/\d/.test(trimmed)) return NaN;
  const [days, hours, minutes, seconds] = m.slice(1).map((n) => Number(n ?? 0));
  return days! * 86_400 + hours! * 3_600 + minutes! * 60 + seconds!;
}

/** Where each SegmentTimeline ends, in seconds of the presentation. */
export function timelineEnds(mpd: string): number[] {
  const ends: number[] = [];
  let timescale = 1;
  let offset = 0;
  let cursor = 0;
  for (const tag of mpd.matchAll(/<(SegmentTemplate|SegmentTimeline|S|\/SegmentTimeline)\b([^>]*)>/g)) {
    const name = tag[1]!;
    const attrs = attributesOf(tag[2]!);
    if (name === "SegmentTemplate") {
      timescale = Number(attrs.timescale ?? 1) || 1;
      offset = Number(attrs.presentationTimeOffset ?? 0) || 0;
    } else if (name === "SegmentTimeline") {
      cursor = 0;
    } else if (name === "S") {
      const start = attrs.t !== undefined ? Number(attrs.t) : cursor;
      // r = -1 ("until the next S or the period's end") is not written by ffmpeg; counted once.
      const repeats = Math.max(0, Number(attrs.r ?? 0) || 0);
      cursor = start + Number(attrs.d ?? 0) * (repeats + 1);
    } else {
      ends.push((cursor - offset) / timescale);
    }
  }
  return ends;
}
