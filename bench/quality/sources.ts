import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFfmpeg } from "../../encoder/media/index.js";
import { madeOnce } from "../common/made-once.js";

export const QUALITY_SECONDS = 10;
const SIZE = "1920x1080";
const FPS = 30;
const CACHE_DIR = join(tmpdir(), "vod-bench-quality");
const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
/** Near-lossless, so the sources' own artefacts barely enter the comparison. */
const SOURCE_CRF = "18";

export interface QualitySource {
  name: string;
  what: string;
  /** A lavfi graph producing `seconds` of 1080p30 video. */
  graph(seconds: number): string;
}

const text = (t: string, size: number, x: number, y: number) =>
  `drawtext=fontfile=${FONT}:text='${t}':fontsize=${size}:x=${x}:y=${y}:fontcolor=0x202040`;

/** Three sources of clearly different complexity, easy to hard. */
export const QUALITY_SOURCES: readonly QualitySource[] = [
  {
    name: "slide",
    what: "a near-static slide: text on a flat background, a running clock, a second slide halfway",
    graph: (s) =>
      [
        `color=c=0xf2f2f2:s=${SIZE}:r=${FPS}:d=${s}`,
        text("Encoding ladders", 110, 140, 120),
        text("- per-title bitrates save bits on easy content", 56, 180, 360),
        text("- capped CRF keeps hard content at the ceiling", 56, 180, 470),
        text(`- slide %{eif\\:1+floor(t*2/${s})\\:d} of 2`, 56, 180, 580),
        text("%{pts\\:hms}", 40, 1600, 980),
      ].join(","),
  },
  {
    name: "pattern",
    what: "a moving test pattern (lavfi testsrc2), what the other encoder figures use",
    graph: (s) => `testsrc2=size=${SIZE}:rate=${FPS}:duration=${s}`,
  },
  {
    name: "noisy",
    what: "high motion and grain: Conway's life with mould at full size, plus temporal noise on every frame",
    graph: (s) =>
      `life=s=${SIZE}:r=${FPS}:ratio=0.3:mold=25:life_color=#ffcc00:death_color=#3355ff:mold_color=#102030,trim=duration=${s},noise=alls=18:allf=t+u`,
  },
];

/** The source as an H.264 file (made once, cached): the encodes under test decode a real file, as for an upload. */
export async function qualitySource(source: QualitySource, seconds: number): Promise<string> {
  const path = join(CACHE_DIR, `${source.name}-${SIZE}-${FPS}fps-${seconds}s.mp4`);
  return madeOnce(path, (partial) =>
    runFfmpeg([
      "-y",
      "-f",
      "lavfi",
      "-i",
      source.graph(seconds),
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      SOURCE_CRF,
      "-pix_fmt",
      "yuv420p",
      partial,
    ]),
  );
}

export const qualityScratch = (name: string) => join(CACHE_DIR, "out", name);
