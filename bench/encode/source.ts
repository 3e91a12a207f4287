import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFfmpeg } from "../../encoder/media/index.js";
import { madeOnce } from "../common/made-once.js";

export const SOURCE_SECONDS = 60;
const SOURCE_SIZE = "1920x1080";
const SOURCE_FPS = 30;
const CACHE_DIR = join(tmpdir(), "vod-bench-encode");

/**
 * A 1080p30 H.264/AAC file from lavfi (moving test pattern and a tone), 60 s unless told otherwise, made
 * once and cached: the encodes under test then decode a real file, as they do for an upload.
 */
export async function benchSource(seconds: number = SOURCE_SECONDS): Promise<string> {
  const path = join(CACHE_DIR, `testsrc2-${SOURCE_SIZE}-${SOURCE_FPS}fps-${seconds}s.mp4`);
  return madeOnce(path, (partial) =>
    runFfmpeg([
      "-y",
      "-f",
      "lavfi",
      "-i",
      `testsrc2=size=${SOURCE_SIZE}:rate=${SOURCE_FPS}:duration=${seconds}`,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "18",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-b:a",
      "192k",
      partial,
    ]),
  );
}

export const scratchDir = (name: string) => join(CACHE_DIR, name);
