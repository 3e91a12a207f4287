import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { assertWholeDuration, DAMAGED_EXIT_CODE, DAMAGED_REASON } from "./completeness.js";
import { FfmpegError, runFfmpeg } from "./ffmpeg-runner.js";
import { finalizeManifests, type FinalRendition } from "./final-manifests.js";
import { parseHlsMaster } from "./hls-master.js";
import { isUrl } from "./media-info.js";
import { buildLadderArgs, HLS_MASTER_NAME, MANIFEST_NAME } from "./ladder-args.js";
import type { Rung } from "./ladder.js";
import { BadMediaError, type MediaInfo } from "./media-info.js";
import {
  planStoryboard,
  POSTER_NAME,
  posterOutput,
  STORYBOARD_FRAMES_NAME,
  STORYBOARD_NAME,
  STORYBOARD_VTT_NAME,
  storyboardFramesOutput,
  storyboardSpriteArgs,
  storyboardVtt,
} from "./thumbnails.js";

/** Share of the progress bar for the encode; the rest (sprite, checks) takes well under a second. */
const ENCODE_SHARE = 0.98;
const BITS_PER_KILOBIT = 1000;

export interface PackagedVideo {
  dir: string;
  /** Every output file, relative to `dir`. */
  files: string[];
  manifest: "manifest.mpd";
  hlsMaster: "master.m3u8";
  poster: "poster.jpg";
  storyboard?: "storyboard.jpg";
  storyboardVtt?: "storyboard.vtt";
  /**
   * As players see them in the HLS master playlist (average bitrate, audio included); codecs like
   * "avc1.64001f,mp4a.40.2".
   */
  renditions: { width: number; height: number; bitrate_kbps: number; codecs: string }[];
  /** Every planned rung with what it measured, and whether the final manifests list it. */
  rungs: FinalRendition[];
}

export interface PackageVideoOptions {
  /** A local path, or an http(s) URL ffmpeg reads with byte ranges. */
  source: string;
  /** Created if missing; must be empty: every file in it afterwards is listed as output. */
  outDir: string;
  info: MediaInfo;
  rungs: Rung[];
  /** A growing fraction in [0, 1] over the whole packaging, ending with 1. */
  onProgress?: (fraction: number) => void;
  /** Stops ffmpeg; the promise then rejects with the signal's reason. Partial output stays in outDir. */
  signal?: AbortSignal;
  /** ffmpeg binary, default `ffmpeg` on the PATH. */
  ffmpeg?: string;
  /** The clock the growing manifest names (see buildLadderArgs). */
  utcTimingUrl?: string;
  /** Called when the ladder's ffmpeg has exited, its last segment and manifests written (before the sprite). */
  onLadderEncoded?: () => void;
}

/**
 * Encodes the ladder, DASH manifest, HLS playlists over the same fMP4 segments, poster and storyboard
 * thumbnails in ONE ffmpeg process: the source is decoded once and `split` to every output
 * (encoder/media/STRATEGY.md). A second, tiny run tiles the thumbnails into the sprite.
 */
export async function packageVideo(opts: PackageVideoOptions): Promise<PackagedVideo> {
  const [top] = opts.rungs;
  if (!top) throw new Error("packageVideo needs at least one rung");
  const outDir = resolve(opts.outDir);
  await mkdir(outDir, { recursive: true });
  if ((await readdir(outDir)).length > 0) throw new Error(`packageVideo needs an empty output directory: ${outDir}`);

  const storyboard = planStoryboard(opts.info);
  const framesPath = join(outDir, STORYBOARD_FRAMES_NAME);
  const args = buildLadderArgs({
    source: isUrl(opts.source) ? opts.source : resolve(opts.source),
    outDir,
    info: opts.info,
    rungs: opts.rungs,
    utcTimingUrl: opts.utcTimingUrl,
    sideOutputs: [posterOutput(opts.info, top, outDir), storyboardFramesOutput(storyboard, framesPath)],
  });
  const run = { signal: opts.signal, binary: opts.ffmpeg };
  await runFfmpeg(args, {
    ...run,
    durationSeconds: opts.info.durationSeconds,
    onProgress: (f) => opts.onProgress?.(f * ENCODE_SHARE),
  }).catch((err: unknown) => {
    if (err instanceof FfmpegError && err.exitCode === DAMAGED_EXIT_CODE) throw new BadMediaError(DAMAGED_REASON, { cause: err });
    throw err;
  });
  opts.onLadderEncoded?.();
  // ffmpeg ends without an error where a cut-off source's data ends: judge what it packaged, not its exit code.
  assertWholeDuration(opts.info.durationSeconds, await readFile(join(outDir, MANIFEST_NAME), "utf8"));
  const final = await finalizeManifests(outDir, opts.rungs, opts.info.hasAudio);
  await runFfmpeg(storyboardSpriteArgs(storyboard, framesPath, outDir), run);
  await rm(framesPath);
  await writeFile(join(outDir, STORYBOARD_VTT_NAME), storyboardVtt(storyboard, opts.info.durationSeconds));

  const files = (await readdir(outDir, { withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  for (const required of [MANIFEST_NAME, HLS_MASTER_NAME, POSTER_NAME, STORYBOARD_NAME]) {
    if (!files.includes(required)) throw new Error(`ffmpeg finished without writing ${required}`);
  }
  const variants = parseHlsMaster(await readFile(join(outDir, HLS_MASTER_NAME), "utf8"));
  const kept = final.filter((r) => r.kept).length;
  if (variants.length !== kept) throw new Error(`${HLS_MASTER_NAME} lists ${variants.length} variants for ${kept} rungs`);
  opts.onProgress?.(1);
  return {
    dir: outDir,
    files,
    manifest: MANIFEST_NAME,
    hlsMaster: HLS_MASTER_NAME,
    poster: POSTER_NAME,
    storyboard: STORYBOARD_NAME,
    storyboardVtt: STORYBOARD_VTT_NAME,
    renditions: variants.map((v) => ({
      width: v.width,
      height: v.height,
      bitrate_kbps: Math.round((v.averageBandwidth ?? v.bandwidth) / BITS_PER_KILOBIT),
      codecs: v.codecs,
    })),
    rungs: final,
  };
}
