/**
 * The end of a static DASH presentation as its tracks have it. ffmpeg writes `mediaPresentationDuration`
 * from the video (60.0 s) while AAC audio, cut in 1024-sample frames, runs a few samples longer
 * (60.000375 s). dash.js 5 then seeks to the declared end before the browser's own `ended`, pulls the seek
 * back half a second and pauses there: playback never ends. Declaring the longest track's end fixes it.
 */
const DURATION = /\bmediaPresentationDuration="PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?"/;
const TEMPLATE = /<SegmentTemplate\b([^>]*)>([\s\S]*?)<\/SegmentTemplate>/g;
const S_ENTRY = /<S\b([^>]*)\/?>/g;
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

/** Seconds each SegmentTemplate's timeline reaches, the longest of them; null when none has a timeline. */
export function longestTrackSeconds(mpd: string): number | null {
  let longest: number | null = null;
  for (const [, attrs = "", body = ""] of mpd.matchAll(TEMPLATE)) {
    const timescale = Number(attr(attrs, "timescale") ?? "1");
    let time = 0;
    let any = false;
    for (const [, s = ""] of body.matchAll(S_ENTRY)) {
      const t = attr(s, "t");
      if (t !== undefined) time = Number(t);
      time += Number(attr(s, "d")) * (1 + Number(attr(s, "r") ?? "0"));
      any = true;
    }
    if (any && timescale > 0 && Number.isFinite(time)) longest = Math.max(longest ?? 0, time / timescale);
  }
  return longest;
}

/** Raises a static manifest's `mediaPresentationDuration` to its longest track, in whole milliseconds up. */
export function coverLongestTrack(mpd: string): string {
  const declared = DURATION.exec(mpd);
  const longest = longestTrackSeconds(mpd);
  if (!declared || longest === null) return mpd;
  const seconds = Number(declared[1] ?? 0) * 3600 + Number(declared[2] ?? 0) * 60 + Number(declared[3] ?? 0);
  if (longest <= seconds) return mpd;
  const end = Math.ceil(longest * 1000) / 1000;
  return mpd.replace(DURATION, `mediaPresentationDuration="PT${end.toFixed(3)}S"`);
}
