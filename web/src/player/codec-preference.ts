/**
 * Video codec families, most efficient first. The order is by what each codec needs for the same picture
 * (AV1 < VP9 ≈ HEVC < H.264), not by what a manifest declares: our AV1 rungs are encoded for a better
 * picture at most the H.264 rung's bits (README, Encoding ladder), so on easy content they may declare as
 * many bits or more (963 against 767 kb/s at 360p for the test pattern), and dash.js's default initial
 * choice between video AdaptationSets, the fewest declared bits per pixel, then took H.264 in browsers
 * that decode AV1.
 */
const VIDEO_CODEC_PREFERENCE = ["av01", "vp09", "hvc1", "hev1", "avc1", "avc3"];

interface Track {
  type: string | null;
  /** As dash.js gives it: `video/mp4;codecs="av01.0.05M.08"`, or the bare codecs string. */
  codec: string | null;
}

/** A track's codec family ("av01", "avc1"), or "" when it names none. */
export function codecFamily(codec: string | null): string {
  const codecs = /codecs="?([^";]*)/i.exec(codec ?? "")?.[1] ?? codec ?? "";
  return /^\s*([a-z0-9]{4})\b/i.exec(codecs)?.[1]?.toLowerCase() ?? "";
}

const rank = (track: Track) => {
  const index = VIDEO_CODEC_PREFERENCE.indexOf(codecFamily(track.codec));
  return index < 0 ? VIDEO_CODEC_PREFERENCE.length : index;
};

/**
 * dash.js's initial track choice (`setCustomInitialTrackSelectionFunction`): among the video tracks it
 * offers, which are only those the browser decodes (its capabilities filter asks MediaSource /
 * Media Capabilities first and drops the rest), the ones of the most efficient codec family; dash.js
 * plays the first returned. Other types are returned as given: our presentations have one audio set, and
 * dash.js chooses text tracks without this function.
 */
export function preferEfficientCodec<T extends Track>(tracks: T[]): T[] {
  if (tracks.length < 2 || tracks[0]!.type !== "video") return tracks;
  const best = Math.min(...tracks.map(rank));
  return tracks.filter((t) => rank(t) === best);
}
