import { join } from "node:path";
import type { Rung } from "./ladder.js";
import type { MediaInfo } from "./media-info.js";
import { MAX_DECODE_ERROR_RATE } from "./completeness.js";

const SEGMENT_SECONDS = 2;
/**
 * The first segment is shorter: a video becomes playable once every rung has its first segment, and on two
 * cores the 1080p ladder encodes about 1 s of video per second (slower under load), so a 1 s first segment
 * is stored about a second sooner (first manifest 2.6 s after ffmpeg started instead of 3.6 s, measured on
 * a 10 s 1080p source). The keyframes that follow are every SEGMENT_SECONDS from there (1, 3, 5 s…).
 */
const FIRST_SEGMENT_SECONDS = 1;
export const MANIFEST_NAME = "manifest.mpd";
export const HLS_MASTER_NAME = "master.m3u8";
/** The HLS media playlist ffmpeg's dash muxer writes for output stream (representation) `index`. */
export const hlsMediaName = (index: number) => `media_${index}.m3u8`;
const INIT_SEGMENT_TEMPLATE = "init-$RepresentationID$.m4s";
const MEDIA_SEGMENT_TEMPLATE = "chunk-$RepresentationID$-$Number%05d$.m4s";
const X264_PRESET = "veryfast";
/** SVT-AV1 speed (0 slowest - 13 fastest): 10 costs about what x264 veryfast does per rung at 1080p (quality bench). */
const SVT_AV1_PRESET = 10;
const AUDIO_CHANNELS = 2;
const AUDIO_SAMPLE_RATE = 48_000;
/**
 * The first video stream that is a picture sequence, not cover art. Frames arrive already turned upright:
 * ffmpeg autorotates before the filter graph, so scale targets are display sizes.
 */
const SOURCE_VIDEO = "0:V:0";
const SOURCE_AUDIO = "0:a:0";

/** A further output fed from the same decoded frames as the ladder (one more `split` branch). */
export interface SideOutput {
  /** Filter chain applied to the upright frames, e.g. `fps=1/2,scale=160:90`. */
  filter: string;
  /** Output options, ending with the output path. */
  args: readonly string[];
}

export interface LadderArgsOptions {
  source: string;
  outDir: string;
  info: MediaInfo;
  rungs: readonly Rung[];
  sideOutputs?: readonly SideOutput[];
  /** Written into the manifest as its UTCTiming clock: players of a growing (live) manifest need one. */
  utcTimingUrl?: string;
}

/**
 * ffmpeg arguments (after the global ones) that encode every rung in one process and package them as one
 * DASH presentation with HLS playlists over the same fMP4 segments. The manifest is rewritten as a growing
 * live one after every segment and as a static one at the end, which is what progressive publishing stores.
 */
export function buildLadderArgs(o: LadderArgsOptions): string[] {
  if (o.rungs.length === 0) throw new Error("buildLadderArgs needs at least one rung");
  const side = o.sideOutputs ?? [];
  // One audio rendition serves every rung, at the highest rate any rung asks for; 0 means none.
  const audioKbps = o.info.hasAudio ? Math.max(...o.rungs.map((r) => r.audioKbps)) : 0;
  return [
    "-max_error_rate",
    String(MAX_DECODE_ERROR_RATE),
    "-i",
    o.source,
    "-filter_complex",
    filterGraph(o.rungs, side),
    ...o.rungs.flatMap((_, i) => ["-map", `[v${i}]`]),
    ...(audioKbps > 0 ? ["-map", SOURCE_AUDIO] : []),
    ...videoEncoderArgs(o.info, o.rungs),
    ...(audioKbps > 0 ? audioEncoderArgs(audioKbps) : []),
    ...dashMuxerArgs(o.rungs, audioKbps > 0, o.utcTimingUrl),
    join(o.outDir, MANIFEST_NAME),
    ...side.flatMap((s, i) => ["-map", `[x${i}]`, ...s.args]),
  ];
}

function filterGraph(rungs: readonly Rung[], side: readonly SideOutput[]): string {
  const chains = [...rungs.map((r) => `scale=${r.width}:${r.height}`), ...side.map((s) => s.filter)];
  const labels = [...rungs.map((_, i) => `v${i}`), ...side.map((_, i) => `x${i}`)];
  if (chains.length === 1) return `[${SOURCE_VIDEO}]${chains[0]}[${labels[0]}]`;
  const split = `[${SOURCE_VIDEO}]split=${chains.length}${labels.map((_, i) => `[s${i}]`).join("")}`;
  return [split, ...chains.map((c, i) => `[s${i}]${c}[${labels[i]}]`)].join(";");
}

function keyframeInterval(frameRate: number): number {
  return Math.max(1, Math.round(frameRate * SEGMENT_SECONDS));
}

function videoEncoderArgs(info: MediaInfo, rungs: readonly Rung[]): string[] {
  const gop = String(keyframeInterval(info.frameRate));
  return [
    "-pix_fmt",
    "yuv420p",
    // Closed GOPs that start exactly on segment boundaries, identical in every rung, so players can switch
    // at any segment; the forced keyframes hold the grid even when the frame rate is variable: the first
    // frame, FIRST_SEGMENT_SECONDS, then every SEGMENT_SECONDS after it.
    "-g",
    gop,
    "-keyint_min",
    gop,
    "-sc_threshold",
    "0",
    "-flags:v",
    "+cgop",
    "-force_key_frames",
    keyframeExpression(),
    ...rungs.flatMap((r, i) => [...codecArgs(r, i), ...rateArgs(r, i)]),
  ];
}

function codecArgs(r: Rung, i: number): string[] {
  if (r.codec === "av1") {
    // Closed GOPs (irefresh-type 2) so every segment starts with a key frame; keyframes are forced on the grid.
    return [`-c:v:${i}`, "libsvtav1", `-preset:v:${i}`, String(SVT_AV1_PRESET), `-svtav1-params:v:${i}`, "irefresh-type=2"];
  }
  return [`-c:v:${i}`, "libx264", `-preset:v:${i}`, X264_PRESET, `-profile:v:${i}`, "high"];
}

/**
 * Average bitrate under a VBV peak for every H.264 rung, with a quality floor (`-qmin`) for adaptive ones;
 * capped CRF (constant quality under a VBV ceiling) for AV1 rungs. With a CRF the encoder ignores `-b:v`
 * for rate control, but ffmpeg still declares it: the growing manifests written during the encode name
 * the bitrate, true as an upper bound until the final manifests name what was measured (final-manifests.ts).
 */
function rateArgs(r: Rung, i: number): string[] {
  const rate = [`-b:v:${i}`, `${r.videoKbps}k`, `-maxrate:v:${i}`, `${r.maxrateKbps}k`, `-bufsize:v:${i}`, `${r.bufsizeKbps}k`];
  if (r.initialBufferKbits !== undefined) rate.push(`-rc_init_occupancy:v:${i}`, `${r.initialBufferKbits}k`);
  if (r.qpMin !== undefined) rate.push(`-qmin:v:${i}`, String(r.qpMin));
  if (r.crf !== undefined) rate.push(`-crf:v:${i}`, String(r.crf));
  return rate;
}

/** ffmpeg's expression for forcing keyframe `n_forced` (0, 1, 2…) at the first frame at or after its time. */
function keyframeExpression(): string {
  const shift = SEGMENT_SECONDS - FIRST_SEGMENT_SECONDS;
  return `expr:if(eq(n_forced,0),1,gte(t,n_forced*${SEGMENT_SECONDS}-${shift}))`;
}

function audioEncoderArgs(kbps: number): string[] {
  return ["-c:a", "aac", "-b:a", `${kbps}k`, "-ac", String(AUDIO_CHANNELS), "-ar", String(AUDIO_SAMPLE_RATE)];
}

/** One video adaptation set per codec (players switch rungs within a set only), then the audio. */
function adaptationSets(rungs: readonly Rung[], hasAudio: boolean): string {
  const codecs = [...new Set(rungs.map((r) => r.codec))];
  const video = codecs.map((c) => rungs.flatMap((r, i) => (r.codec === c ? [i] : [])).join(","));
  const sets = [...video, ...(hasAudio ? ["a"] : [])];
  return sets.map((streams, id) => `id=${id},streams=${streams}`).join(" ");
}

function dashMuxerArgs(rungs: readonly Rung[], hasAudio: boolean, utcTimingUrl: string | undefined): string[] {
  return [
    "-f",
    "dash",
    // Cut at every keyframe: the video segments follow the keyframe grid (1 s, then SEGMENT_SECONDS each).
    // Audio, which has no keyframes to wait for, is cut every FIRST_SEGMENT_SECONDS throughout: twice the
    // audio files of 2 s segments (16 KB each at 128 kb/s), the price of a first frame a second sooner.
    "-seg_duration",
    String(FIRST_SEGMENT_SECONDS),
    "-use_template",
    "1",
    "-use_timeline",
    "1",
    // Every segment stays listed and on disk: players attached early watch from the start, and the
    // manifest ends static with the full duration.
    "-window_size",
    "0",
    "-remove_at_exit",
    "0",
    ...(utcTimingUrl ? ["-utc_timing_url", utcTimingUrl] : []),
    "-adaptation_sets",
    adaptationSets(rungs, hasAudio),
    "-init_seg_name",
    INIT_SEGMENT_TEMPLATE,
    "-media_seg_name",
    MEDIA_SEGMENT_TEMPLATE,
    "-hls_playlist",
    "1",
    "-hls_master_name",
    HLS_MASTER_NAME,
  ];
}
