import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { packageVideo, type FinalRendition, type MediaInfo, type Rung } from "../../encoder/media/index.js";
import { timed, type Timing } from "../encode/timed.js";
import { freshDir } from "../encode/variants.js";

export interface RungQuality {
  rung: Rung;
  /** Bits per second the rung spends (every segment and its init segment over the duration). */
  kbps: number;
  peakKbps: number;
  /** Whether the final manifests list it (adaptive ladders drop rungs that add nothing). */
  kept: boolean;
  ssim: number;
  psnr: number;
}

export interface LadderResult {
  timing: Timing;
  rungs: RungQuality[];
}

/** Encodes `rungs` with the pipeline's packageVideo, then measures every rung against the source. */
export async function measureLadder(source: string, info: MediaInfo, rungs: Rung[], outDir: string): Promise<LadderResult> {
  await freshDir(outDir);
  let final: FinalRendition[] = [];
  const timing = await timed(async () => {
    final = (await packageVideo({ source, outDir, info, rungs })).rungs;
  });
  const files = await Promise.all(rungs.map((_, i) => joinRendition(outDir, i)));
  const scores = await compare(source, rungs, files);
  return {
    timing,
    rungs: final.map((f, i) => ({
      rung: f.rung,
      kbps: f.rate.averageBps / 1000,
      peakKbps: f.rate.peakBps / 1000,
      kept: f.kept,
      ...scores[i]!,
    })),
  };
}

/** Init segment plus media segments in order: a fragmented MP4 ffmpeg decodes like any file. */
async function joinRendition(dir: string, index: number): Promise<string> {
  const chunk = new RegExp(`^chunk-${index}-\\d+\\.m4s$`);
  const names = (await readdir(dir)).filter((n) => chunk.test(n)).sort();
  const parts = await Promise.all([`init-${index}.m4s`, ...names].map((n) => readFile(join(dir, n))));
  const path = join(dir, `rendition-${index}.mp4`);
  await writeFile(path, Buffer.concat(parts));
  return path;
}

/**
 * SSIM and PSNR of every rung against the source scaled to the rung's size (ffmpeg's default scaler, as
 * the encode uses), in one ffmpeg run that decodes the source once.
 */
async function compare(source: string, rungs: readonly Rung[], files: readonly string[]): Promise<{ ssim: number; psnr: number }[]> {
  const n = rungs.length;
  const graph = [
    `[0:v]split=${n}${rungs.map((_, i) => `[s${i}]`).join("")}`,
    ...rungs.flatMap((r, i) => [
      `[s${i}]scale=${r.width}:${r.height},split[ra${i}][rb${i}]`,
      `[${i + 1}:v]split[da${i}][db${i}]`,
      `[da${i}][ra${i}]ssim@r${i}`,
      `[db${i}][rb${i}]psnr@r${i}`,
    ]),
  ].join(";");
  const stderr = await ffmpegStderr(["-i", source, ...files.flatMap((f) => ["-i", f]), "-filter_complex", graph, "-f", "null", "-"]);
  return rungs.map((_, i) => {
    const ssim = new RegExp(`\\[ssim@r${i} @ [^\\]]+\\] SSIM .*All:([\\d.]+)`).exec(stderr)?.[1];
    const psnr = new RegExp(`\\[psnr@r${i} @ [^\\]]+\\] PSNR .*average:([\\d.]+|inf)`).exec(stderr)?.[1];
    if (ssim === undefined || psnr === undefined) throw new Error(`no SSIM/PSNR for rung ${i}: ${stderr.slice(-1000)}`);
    return { ssim: Number(ssim), psnr: psnr === "inf" ? Infinity : Number(psnr) };
  });
}

function ffmpegStderr(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", ["-nostdin", "-hide_banner", "-nostats", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stderr) : reject(new Error(`ffmpeg exited with ${code}: ${stderr.slice(-2000)}`))));
  });
}
