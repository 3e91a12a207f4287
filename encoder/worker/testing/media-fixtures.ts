import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeClip } from "../../media/test-media.js";

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
  return makeClip(join(dir, `source-${spec.width}x${spec.height}-${spec.seconds}s.mp4`), { ...spec, audio: true, faststart: true });
}

/** Bytes that no demuxer accepts. */
export async function makeGarbage(dir: string, bytes = 64 * 1024): Promise<string> {
  const path = join(dir, "garbage.bin");
  await writeFile(path, randomBytes(bytes));
  return path;
}
