/** Test fixtures made at test time with lavfi, so no media binaries live in the repository. */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const ffmpegCli = (args: string[]) => execFileAsync("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", ...args]);
export const ffprobeJson = async (path: string, args: string[]) =>
  JSON.parse((await execFileAsync("ffprobe", ["-v", "error", "-print_format", "json", ...args, path])).stdout) as Record<string, unknown>;

export interface ClipOptions {
  width: number;
  height: number;
  seconds: number;
  audio?: boolean;
  fps?: number;
  /** x264 preset: `ultrafast` (default) for speed, slower ones for a file that looks like a camera's. */
  preset?: string;
  /** More encoder options, e.g. `["-qp", "4"]` for a big file. */
  videoArgs?: string[];
  /** The index before the media, as phones and web exports write it (a cut-off file then still probes whole). */
  faststart?: boolean;
}

/**
 * A moving test pattern (and a 440 Hz tone), H.264/AAC in MP4: what a phone or camera upload looks like.
 * Made at test time, so no media binaries live in the repository; every test that needs a source uses it.
 */
export async function makeClip(path: string, o: ClipOptions): Promise<string> {
  const fps = o.fps ?? 30;
  await ffmpegCli([
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${o.width}x${o.height}:rate=${fps}:duration=${o.seconds}`,
    ...(o.audio ? ["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${o.seconds}`] : []),
    "-c:v",
    "libx264",
    "-preset",
    o.preset ?? "ultrafast",
    ...(o.videoArgs ?? []),
    "-pix_fmt",
    "yuv420p",
    ...(o.audio ? ["-c:a", "aac", "-shortest"] : []),
    ...(o.faststart ? ["-movflags", "+faststart"] : []),
    path,
  ]);
  return path;
}

/**
 * ffmpeg 5.1 has no -display_rotation: the `rotate` metadata works, but only when stream-copying, and it
 * is written as a display matrix ffprobe reports as 90 counter-clockwise (a 270 clockwise turn).
 */
export async function makeRotated(path: string, source: string, degrees: number): Promise<string> {
  await ffmpegCli(["-i", source, "-c", "copy", `-metadata:s:v:0`, `rotate=${degrees}`, path]);
  return path;
}

export async function tempDir(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
