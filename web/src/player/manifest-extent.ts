import { attributesOf, durationSeconds, timelineEnds } from "../../../shared/mpd-timeline.js";

export { durationSeconds };

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
