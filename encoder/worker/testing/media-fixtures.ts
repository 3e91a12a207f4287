import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface TestVideoSpec {
  seconds: number;
  width: number;
  height: number;
}

/**
 * A real H.264/AAC MP4 from ffmpeg's test sources, made at test time so no binary fixture lives in
 * the repository. Fast (ultrafast preset) and small.
 */
export async function makeTestVideo(dir: string, spec: TestVideoSpec): Promise<string> {
  const path = join(dir, `source-${spec.width}x${spec.height}-${spec.seconds}s.mp4`);
  await execFileAsync("ffmpeg", [
    "-nostdin",
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${spec.width}x${spec.height}:rate=30:duration=${spec.seconds}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${spec.seconds}`,
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    "-movflags",
    "+faststart",
    path,
  ]);
  return path;
}

/** Bytes that no demuxer accepts. */
export async function makeGarbage(dir: string, bytes = 64 * 1024): Promise<string> {
  const path = join(dir, "garbage.bin");
  await writeFile(path, randomBytes(bytes));
  return path;
}
