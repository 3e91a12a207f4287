import { durationSeconds, timelineEnds } from "../../shared/mpd-timeline.js";

/**
 * The end of a static DASH presentation as its tracks have it. ffmpeg writes `mediaPresentationDuration`
 * from the video (60.0 s) while AAC audio, cut in 1024-sample frames, runs a few samples longer
 * (60.000375 s). dash.js 5 then seeks to the declared end before the browser's own `ended`, pulls the seek
 * back half a second and pauses there: playback never ends. Declaring the longest track's end fixes it.
 */
const DURATION = /\bmediaPresentationDuration="([^"]*)"/;

/** Seconds each SegmentTimeline reaches, the longest of them; null when none has a timeline. */
export function longestTrackSeconds(mpd: string): number | null {
  const ends = timelineEnds(mpd).filter(Number.isFinite);
  return ends.length > 0 ? Math.max(...ends) : null;
}

/** Raises a static manifest's `mediaPresentationDuration` to its longest track, in whole milliseconds up. */
export function coverLongestTrack(mpd: string): string {
  const declared = durationSeconds(DURATION.exec(mpd)?.[1]);
  const longest = longestTrackSeconds(mpd);
  if (Number.isNaN(declared) || longest === null || longest <= declared) return mpd;
  const end = Math.ceil(longest * 1000) / 1000;
  return mpd.replace(DURATION, `mediaPresentationDuration="PT${end.toFixed(3)}S"`);
}
