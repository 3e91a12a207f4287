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

/** What a manifest says one representation's stored media is: its numbered segments and where they end. */
export interface RepresentationTimeline {
  /** The number of its first media segment (`startNumber`, 1 when unsaid). */
  startNumber: number;
  segments: number;
  endSeconds: number;
}

/** The timeline of the Representation with this id, or undefined when the manifest has none by that id. */
export function representationTimeline(mpd: string, id: string): RepresentationTimeline | undefined {
  for (const [, attrs = "", body = ""] of mpd.matchAll(/<Representation\b([^>]*)>([\s\S]*?)<\/Representation>/g)) {
    if (attributesOf(attrs).id !== id) continue;
    const template = /<SegmentTemplate\b([^>]*)>/.exec(body);
    const startNumber = Number(attributesOf(template?.[1] ?? "").startNumber ?? 1);
    let segments = 0;
    for (const s of body.matchAll(/<S\b([^>]*)>/g)) segments += 1 + Math.max(0, Number(attributesOf(s[1]!).r ?? 0) || 0);
    const [endSeconds = 0] = timelineEnds(body);
    return { startNumber, segments, endSeconds };
  }
  return undefined;
}
