/**
 * How much of a DASH presentation a player can reach right now, read from the manifest's text. A finished
 * (static) manifest: all of it. A growing (dynamic) one, while the video is still being encoded: up to the
 * end of its shortest SegmentTimeline (every track is needed to play), and no further than the wall clock
 * (availabilityStartTime + elapsed time): dash.js, told to take its live edge from the timeline
 * (dash-settings.ts), still takes the smaller of the two.
 *
 * Regular expressions rather than DOMParser: the manifests are machine-written (ffmpeg's dash muxer, then
 * the edge's rewrite), and so the same code runs in the browser and in the unit tests under Node.
 */
export interface ManifestExtent {
  /** True while the manifest is dynamic: the encode is still running and more will come. */
  growing: boolean;
  /** Seconds from the start that can be played now. */
  seconds: number;
}

type Attributes = Record<string, string>;

const attributesOf = (text: string): Attributes => Object.fromEntries([...text.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));

/** An xs:duration as MPDs write it (`PT1M0.5S`, `P1DT2H`); NaN when it is not one. */
export function durationSeconds(text: string | undefined): number {
  const trimmed = text?.trim() ?? "";
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(trimmed);
  if (!m || !/\d/.test(trimmed)) return NaN;
  const [days, hours, minutes, seconds] = m.slice(1).map((n) => Number(n ?? 0));
  return days! * 86_400 + hours! * 3_600 + minutes! * 60 + seconds!;
}

/** Where each SegmentTimeline ends, in seconds of the presentation. */
function timelineEnds(mpd: string): number[] {
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

/** The extent of a manifest at `nowMs` (the server's clock if known); null when the text is not an MPD. */
export function manifestExtent(mpd: string, nowMs: number): ManifestExtent | null {
  const root = /<MPD\b([^>]*)>/.exec(mpd);
  if (!root) return null;
  const attrs = attributesOf(root[1]!);
  const ends = timelineEnds(mpd);
  const timeline = ends.length > 0 ? Math.min(...ends) : 0;
  if (attrs.type !== "dynamic") {
    const total = durationSeconds(attrs.mediaPresentationDuration);
    return { growing: false, seconds: Number.isFinite(total) ? total : timeline };
  }
  const availableSince = Date.parse(attrs.availabilityStartTime ?? "");
  const wallClock = Number.isFinite(availableSince) ? (nowMs - availableSince) / 1000 : Infinity;
  return { growing: true, seconds: Math.max(0, Math.min(timeline, wallClock)) };
}
