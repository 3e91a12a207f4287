/**
 * The encode pipeline against the bare ffmpeg command it is built on: (a) `packageVideo` (ladder, DASH +
 * HLS, poster, storyboard, through our wrapper) and (b) the same ladder as ONE raw ffmpeg command with the
 * identical encoder arguments. Prints a Markdown table and writes bench/results/encode-<timestamp>.json.
 *
 *   npx tsx bench/encode/run.ts [--runs N]     (default 2 runs each, after a short warm-up)
 */
import { execFileSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { buildLadderArgs, packageVideo, planLadder, probeMedia, QUIET_ARGS } from "../../encoder/media/index.js";
import { runsFlag } from "./flags.js";
import { benchSource, scratchDir } from "./source.js";
import { median, run, timed, type Timing } from "./timed.js";

const WARM_UP_SECONDS = 5;
const RESULTS_DIR = join(import.meta.dirname, "..", "results");

const runs = runsFlag(2);
const source = await benchSource();
const info = await probeMedia(source);
const rungs = planLadder(info);
const rawArgs = (outDir: string) => [...QUIET_ARGS, ...buildLadderArgs({ source, outDir, info, rungs })];

async function fresh(name: string) {
  const dir = scratchDir(name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

const variants = {
  pipeline: async () => packageVideo({ source, outDir: await fresh("pipeline"), info, rungs }),
  raw: async () => run("ffmpeg", rawArgs(await fresh("raw"))),
} as const;
type Variant = keyof typeof variants;

// Warm-up: page cache, binaries and libraries, on a few seconds of the same ladder.
await run("ffmpeg", ["-t", String(WARM_UP_SECONDS), ...rawArgs(await fresh("warm-up"))]);

const loadAtStart = loadavg()[0] ?? 0;
const results: Record<Variant, (Timing & { load1: number })[]> = { pipeline: [], raw: [] };
for (let i = 0; i < runs; i++) {
  // Alternate the order so neither variant always runs second on a warmer machine.
  const order: Variant[] = i % 2 ? ["raw", "pipeline"] : ["pipeline", "raw"];
  for (const name of order) {
    const t = await timed(variants[name]);
    results[name].push({ ...t, load1: loadavg()[0] ?? 0 });
    console.error(`run ${i + 1} ${name}: ${t.wallSeconds.toFixed(1)} s wall, ${t.cpuSeconds.toFixed(1)} s CPU`);
  }
}

const summary = Object.fromEntries(
  (Object.keys(results) as Variant[]).map((name) => {
    const wall = median(results[name].map((t) => t.wallSeconds));
    const cpu = median(results[name].map((t) => t.cpuSeconds));
    return [name, { medianWallSeconds: wall, realtimeFactor: info.durationSeconds / wall, medianCpuSeconds: cpu }];
  }),
) as Record<Variant, { medianWallSeconds: number; realtimeFactor: number; medianCpuSeconds: number }>;
const overhead = summary.pipeline.medianWallSeconds / summary.raw.medianWallSeconds;

console.log(`\nsource: ${info.width}x${info.height} ${info.frameRate} fps, ${info.durationSeconds} s, audio: ${info.hasAudio}`);
console.log(`rungs: ${rungs.map((r) => `${r.name} ${r.width}x${r.height} ${r.videoKbps}k`).join(", ")}`);
console.log(
  `machine: ${cpus().length} CPUs, 1-min load average ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end\n`,
);
console.log("| variant | runs | wall s (each) | median wall s | realtime x | median CPU s | vs raw |");
console.log("|---|---|---|---|---|---|---|");
for (const name of Object.keys(results) as Variant[]) {
  const s = summary[name];
  const each = results[name].map((t) => t.wallSeconds.toFixed(1)).join(", ");
  const ratio = name === "pipeline" ? overhead.toFixed(3) : "1.000";
  console.log(
    `| ${name} | ${runs} | ${each} | ${s.medianWallSeconds.toFixed(1)} | ${s.realtimeFactor.toFixed(2)} | ${s.medianCpuSeconds.toFixed(1)} | ${ratio} |`,
  );
}

const at = new Date().toISOString();
const out = join(RESULTS_DIR, `encode-${at.replace(/[:.]/g, "-")}.json`);
await mkdir(RESULTS_DIR, { recursive: true });
await writeFile(
  out,
  `${JSON.stringify(
    {
      at,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        node: process.version,
        ffmpeg: execFileSync("ffmpeg", ["-version"], { encoding: "utf8" }).split("\n")[0],
        load1AtStart: loadAtStart,
      },
      source: { path: source, ...info },
      rungs,
      rawCommand: ["ffmpeg", ...rawArgs("<out>")],
      runs: results,
      summary: { ...summary, overheadPipelineOverRaw: overhead },
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwrote ${out}`);
