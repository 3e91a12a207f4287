/**
 * How to encode the ladder on this machine: one ffmpeg process that decodes once and `split`s into every
 * rung, or one process per rung running in parallel (each decodes the source). Prints a Markdown table;
 * the figures and the decision live in encoder/media/STRATEGY.md.
 *
 *   npx tsx bench/encode/strategy.ts [--runs N]
 */
import { mkdir, rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { buildLadderArgs, planLadder, probeMedia, QUIET_ARGS, type MediaInfo, type Rung } from "../../encoder/media/index.js";
import { benchSource, scratchDir } from "./source.js";
import { median, run, timed, type Timing } from "./timed.js";
import { runsFlag } from "./flags.js";

const runs = runsFlag(2);
const source = await benchSource();
const info = await probeMedia(source);
const rungs = planLadder(info);

async function fresh(dir: string) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

function onePassArgs(outDir: string) {
  return [...QUIET_ARGS, ...buildLadderArgs({ source, outDir, info, rungs })];
}

/** The same encoder arguments per rung; the audio rides with the smallest rung. */
function perRungArgs(outDir: string): string[][] {
  return rungs.map((rung: Rung, i) => {
    const rungInfo: MediaInfo = { ...info, hasAudio: info.hasAudio && i === rungs.length - 1 };
    return [...QUIET_ARGS, ...buildLadderArgs({ source, outDir: join(outDir, rung.name), info: rungInfo, rungs: [rung] })];
  });
}

const strategies: Record<string, (dir: string) => Promise<unknown>> = {
  "one process, split": async (dir) => run("ffmpeg", onePassArgs(await fresh(dir))),
  "parallel process per rung": async (dir) => {
    const all = perRungArgs(await fresh(dir));
    await Promise.all(rungs.map((r) => mkdir(join(dir, r.name), { recursive: true })));
    await Promise.all(all.map((args) => run("ffmpeg", args)));
  },
};

console.log(`source: ${source} (${info.width}x${info.height} ${info.frameRate} fps, ${info.durationSeconds} s)`);
console.log(`rungs: ${rungs.map((r) => `${r.width}x${r.height}@${r.videoKbps}k`).join(", ")}`);
for (const name of Object.keys(strategies)) {
  console.log(
    `\n${name}:\n  ffmpeg ${
      name.startsWith("one")
        ? onePassArgs("<out>").join(" ")
        : perRungArgs("<out>")
            .map((a) => a.join(" "))
            .join("\n  ffmpeg ")
    }`,
  );
}

const results: Record<string, Timing[]> = {};
for (let i = 0; i < runs; i++) {
  // Alternate the order so neither strategy always runs on a warmer (or hotter) machine.
  const order = i % 2 ? Object.keys(strategies).reverse() : Object.keys(strategies);
  for (const name of order) {
    const loadBefore = loadavg()[0] ?? 0;
    const t = await timed(() => strategies[name]!(scratchDir(`strategy-${name.split(" ")[0]}`)));
    (results[name] ??= []).push(t);
    // The 1-minute load average shows whether other work shared the two cores during the run.
    const load = `load ${loadBefore.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)}`;
    console.log(`run ${i + 1} ${name}: ${t.wallSeconds.toFixed(1)} s wall, ${t.cpuSeconds.toFixed(1)} s CPU, ${load}`);
  }
}

console.log("\n| strategy | runs | wall s (each) | median wall s | realtime x | CPU s (each) |");
console.log("|---|---|---|---|---|---|");
for (const [name, ts] of Object.entries(results)) {
  const wall = median(ts.map((t) => t.wallSeconds));
  console.log(
    `| ${name} | ${ts.length} | ${ts.map((t) => t.wallSeconds.toFixed(1)).join(", ")} | ${wall.toFixed(1)} | ${(info.durationSeconds / wall).toFixed(2)} | ${ts.map((t) => t.cpuSeconds.toFixed(1)).join(", ")} |`,
  );
}
