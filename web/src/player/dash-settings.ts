import type { MediaPlayerSettingClass } from "dashjs";

/**
 * dash.js settings (5.2.1) for our presentations. A video still being encoded is served as a live
 * (dynamic) manifest that grows by a segment every few seconds, and turns static when the encode ends.
 * It is meant to be watched like any video on demand: from the start, at normal speed, however far behind
 * the live edge that is. The player is attached at 0 (`initialize(video, url, false, 0)`): for a dynamic
 * manifest dash.js starts at min(live edge - live delay, the time asked for), clamped to the DVR window,
 * which begins at 0 because the encoder keeps every segment (no timeShiftBufferDepth); player.ts then
 * starts playback once the manifest lists anything past that position (progressive.ts, mayStartAt). The edge marks
 * each segment of a growing manifest available as soon as it is listed (availabilityTimeOffset="INF",
 * edge/playback/rewrite-mpd.ts), so dash.js fetches it without waiting for the clock. The live delay and
 * buffer settings keep their defaults: asking dash.js for a 4 s live delay and initial buffer instead
 * measured its first frame about 2 s later (7 s against 4.6 s after ffmpeg started).
 */
export function dashSettings(autoQuality: boolean, timeUrl: string): MediaPlayerSettingClass {
  return {
    streaming: {
      // A live manifest's segments become available by the clock, so dash.js measures its offset against
      // the manifest's UTCTiming (the edge's /time). Should a manifest lack one, the same clock rather
      // than dash.js's default, a third party's server that viewers' browsers would otherwise call.
      utcSynchronization: { defaultTimingSource: { scheme: "urn:mpeg:dash:utc:http-xsdate:2014", value: timeUrl } },
      abr: { autoSwitchBitrate: { video: autoQuality } },
      // Catch-up plays faster (up to 1.5x) and, past maxDrift, seeks to the live edge to keep latency low.
      // Its default (`enabled: null`) switches it on by itself for low-latency manifests; here being behind
      // the edge is the point, so never.
      liveCatchup: { enabled: false, playbackRate: { min: 0, max: 0 } },
      // The live edge is the end of what the manifest lists, not where the clock says an encode running in
      // real time would be: an encode slower than real time (1080p on two cores) lists less than that, and
      // the player would otherwise count, and start from, segments that do not exist yet.
      timeShiftBuffer: { calcFromSegmentTimeline: true },
    },
  };
}
