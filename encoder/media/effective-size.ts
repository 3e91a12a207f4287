import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runFfmpeg } from "./ffmpeg-runner.js";
import type { LadderStep } from "./ladder.js";
import type { MediaInfo } from "./media-info.js";

/**
 * A picture that comes back from a smaller size with at least this SSIM (mean over the sampled frames)
 * holds nothing the larger rungs could show. Measured on 10 s 1080p sources round-tripped through 720p:
 * upscaled 720p 0.9983 and upscaled 480p 0.9991 (0.9966 through 480p), against 0.9946 for the sharpest
 * true 1080p (a slide of small text), 0.976 for the test pattern and 0.68 for grain. A round trip through
 * the very size a picture was upscaled from is not lossless (other kernels), so such a picture keeps one
 * rung above it: a 240p upscaled to 720p measured 0.989 through 240p and 0.9965 through 360p.
 */
export const SAME_PICTURE_SSIM = 0.996;
/**
 * A frame that even the smallest step gives back this well holds no detail to judge by (black, a flat
 * colour): a fade-in's first keyframe must not make a 1080p video a 240p one.
 */
const FLAT_FRAME_SSIM = 0.999;
/** Only keyframes of the start are decoded: a fraction of a second, read from the first megabytes. */
const SAMPLE_SECONDS = 20;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * The short side the source's picture really has. Each sampled keyframe is scaled down to every ladder
 * step below the frame size and back: it needs the smallest step it survives with SSIM ≥
 * SAME_PICTURE_SSIM, every larger step surviving too, or its own size. The picture needs what its most
 * detailed frame needs; flat frames say nothing, and a start with nothing but flat frames keeps the
 * frame's size. An upscaled 720p in a 1080p frame gets 720: a 1080p rung would cost bits and CPU and
 * show nothing more.
 */
export async function effectiveShortSide(
  source: string,
  info: MediaInfo,
  steps: readonly LadderStep[],
  scratchDir: string,
  signal?: AbortSignal,
): Promise<number> {
  const portrait = info.height > info.width;
  const short = Math.min(info.width, info.height);
  const aspect = Math.max(info.width, info.height) / short;
  const below = [...new Set(steps.map((s) => s.height))].filter((h) => h < short).sort((a, b) => b - a);
  if (below.length === 0) return short;
  const statsFile = (i: number) => join(scratchDir, `effective-size-${i}.log`);
  const chains = below.flatMap((h, i) => {
    const [w, hh] = portrait ? [h, even(h * aspect)] : [even(h * aspect), h];
    return [
      `[r${i}]scale=${w}:${hh}:flags=bicubic,scale=${info.width}:${info.height}:flags=bicubic,setsar=1[u${i}]`,
      `[o${i}][u${i}]ssim=stats_file=${statsFile(i)}`,
    ];
  });
  // At the display size first, as the encode scales it (a frame with non-square pixels is coded at another).
  const split = `[0:V:0]scale=${info.width}:${info.height}:flags=bicubic,setsar=1,split=${below.length * 2}${below.map((_, i) => `[o${i}][r${i}]`).join("")}`;
  await runFfmpeg(
    [
      "-skip_frame",
      "nokey",
      // A decoder thread is enough for a few keyframes, and starts sooner than a pool (0.4 against 0.5 s).
      "-threads",
      "1",
      "-t",
      String(SAMPLE_SECONDS),
      "-i",
      source,
      "-filter_complex",
      [split, ...chains].join(";"),
      "-f",
      "null",
      "-",
    ],
    {
      signal,
    },
  );
  const perStep = await Promise.all(below.map(async (_, i) => frameSsims(await readFile(statsFile(i), "utf8"))));
  const frames = Math.min(...perStep.map((f) => f.length));
  let needed = 0;
  for (let f = 0; f < frames; f++) {
    if (perStep[perStep.length - 1]![f]! >= FLAT_FRAME_SSIM) continue;
    let need = short;
    for (const [i, h] of below.entries()) {
      if (perStep[i]![f]! < SAME_PICTURE_SSIM) break;
      need = h;
    }
    needed = Math.max(needed, need);
  }
  return needed === 0 ? short : needed;
}

/** The `All:` figure of every frame of an ssim filter's stats file, in order. */
export function frameSsims(stats: string): number[] {
  return [...stats.matchAll(/\bAll:([\d.]+)/g)].map((m) => Number(m[1]));
}
