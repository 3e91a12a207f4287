import { join } from "node:path";
import type { Rung } from "./ladder.js";
import type { MediaInfo } from "./media-info.js";

const SEGMENT_SECONDS = 2;
export const MANIFEST_NAME = "manifest.mpd";
export const HLS_MASTER_NAME = "master.m3u8";
const INIT_SEGMENT_TEMPLATE = "init-$RepresentationID$.m4s";
const MEDIA_SEGMENT_TEMPLATE = "chunk-$RepresentationID$-$Number%05d$.m4s";
const X264_PRESET = "veryfast";
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
    "-i",
    o.source,
    "-filter_complex",
    filterGraph(o.rungs, side),
    ...o.rungs.flatMap((_, i) => ["-map", `[v${i}]`]),
    ...(audioKbps > 0 ? ["-map", SOURCE_AUDIO] : []),
    ...videoEncoderArgs(o.info, o.rungs),
    ...(audioKbps > 0 ? audioEncoderArgs(audioKbps) : []),
    ...dashMuxerArgs(audioKbps > 0, o.utcTimingUrl),
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
    "-c:v", "libx264",
    "-preset", X264_PRESET,
    "-profile:v", "high",
    "-pix_fmt", "yuv420p",
    // Closed GOPs that start exactly on segment boundaries, identical in every rung, so players can switch
    // at any segment; the forced keyframes hold the grid even when the frame rate is variable.
    "-g", gop,
    "-keyint_min", gop,
    "-sc_threshold", "0",
    "-flags:v", "+cgop",
    "-force_key_frames", `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
    ...rungs.flatMap((r, i) => [
      `-b:v:${i}`, `${r.videoKbps}k`,
      `-maxrate:v:${i}`, `${r.maxrateKbps}k`,
      `-bufsize:v:${i}`, `${r.bufsizeKbps}k`,
    ]),
  ];
}

function audioEncoderArgs(kbps: number): string[] {
  return ["-c:a", "aac", "-b:a", `${kbps}k`, "-ac", String(AUDIO_CHANNELS), "-ar", String(AUDIO_SAMPLE_RATE)];
}

function dashMuxerArgs(hasAudio: boolean, utcTimingUrl: string | undefined): string[] {
  return [
    "-f", "dash",
    "-seg_duration", String(SEGMENT_SECONDS),
    "-use_template", "1",
    "-use_timeline", "1",
    // Every segment stays listed and on disk: players attached early watch from the start, and the
    // manifest ends static with the full duration.
    "-window_size", "0",
    "-remove_at_exit", "0",
    ...(utcTimingUrl ? ["-utc_timing_url", utcTimingUrl] : []),
    "-adaptation_sets", hasAudio ? "id=0,streams=v id=1,streams=a" : "id=0,streams=v",
    "-init_seg_name", INIT_SEGMENT_TEMPLATE,
    "-media_seg_name", MEDIA_SEGMENT_TEMPLATE,
    "-hls_playlist", "1",
    "-hls_master_name", HLS_MASTER_NAME,
  ];
}
