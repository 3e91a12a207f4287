import { planLadder, probeMedia } from "../../encoder/media/index.js";
import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import { runsFor } from "../common/options.js";
import { showSpread, spread } from "../common/stats.js";
import type { Figure } from "../report/figure.js";
import { benchSource, scratchDir } from "./source.js";
import { timed, type Timing } from "./timed.js";
import { freshDir, ladderArgs, VARIANTS } from "./variants.js";
import { run } from "./timed.js";

/** Fewer than the other figures' 5, on a shorter source: see the report's wording below. */
const DEFAULT_RUNS = 3;
const WARM_UP_SECONDS = 3;
const OVERHEAD_TARGET = 1.1;

/** Says plainly where this run measured less than the issue asks for (a 60 s source, 5 runs). */
function shortcuts(seconds: number, runs: number): string {
  const less = [
    seconds !== 60 ? `the source is ${seconds} s, not the issue's 60 s` : "",
    runs < 5 ? `each variant ran ${runs} times, not 5` : "",
  ].filter(Boolean);
  if (!less.length) return "The issue's 60 s source.";
  return (
    `**In this run ${less.join(" and ")}** (the defaults): four variants × 5 runs of a 60 s source would take ~15 min on this ` +
    "machine alone, the whole budget of `npm run bench`. `npm run bench -- encode --source-seconds 60 --runs 5` runs the long " +
    "version; the time-to-ready figure encodes the 60 s source through the whole pool."
  );
}

/**
 * Figure 3: the encode pipeline's wall time and CPU against the same ladder as one raw ffmpeg command, the
 * seed's transcode-then-remux, and one process per rung in parallel, on a 1080p30 source with audio.
 */
export async function encodeFigure(ctx: BenchContext): Promise<Figure> {
  const seconds = ctx.options.sourceSeconds;
  const runs = runsFor(ctx.options, DEFAULT_RUNS);
  const source = await benchSource(seconds);
  const info = await probeMedia(source);
  const rungs = planLadder(info);
  const input = { source, info, rungs };

  // Page cache, binaries and libraries: a few seconds of the same ladder.
  await run("ffmpeg", ["-t", String(WARM_UP_SECONDS), ...ladderArgs(input, await freshDir(scratchDir("warm-up")))]);
  const timings: Record<string, Timing[]> = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
  for (let i = 0; i < runs; i++) {
    // The order rotates every round so no variant always runs on a warmer (or busier) machine.
    const order = VARIANTS.map((_, k) => VARIANTS[(k + i) % VARIANTS.length]!);
    for (const v of order) {
      const outDir = await freshDir(scratchDir(`figure-${v.name}`));
      const t = await timed(() => v.run(input, outDir));
      timings[v.name]!.push(t);
      say(`run ${i + 1}/${runs} ${v.name}: ${t.wallSeconds.toFixed(1)} s wall, ${t.cpuSeconds.toFixed(1)} CPU s`);
    }
  }

  const summary = Object.fromEntries(
    VARIANTS.map((v) => {
      const ts = timings[v.name]!;
      const wall = spread(ts.map((t) => t.wallSeconds));
      const cores = spread(ts.map((t) => t.cpuSeconds / t.wallSeconds));
      return [
        v.name,
        { wallSeconds: wall, cpuSeconds: spread(ts.map((t) => t.cpuSeconds)), cores, realtimeFactor: info.durationSeconds / wall.median },
      ];
    }),
  );
  const raw = summary.raw!;
  const overhead = summary.pipeline!.wallSeconds.median / raw.wallSeconds.median;
  const cpuOverhead = summary.pipeline!.cpuSeconds.median / raw.cpuSeconds.median;
  const paired = timings.pipeline!.map((t, i) => t.wallSeconds / timings.raw![i]!.wallSeconds);
  const pairedSpread = spread(paired);

  const rows = VARIANTS.map((v) => {
    const s = summary[v.name]!;
    return [
      v.name,
      v.label,
      showSpread(s.wallSeconds),
      s.realtimeFactor.toFixed(2),
      showSpread(s.cpuSeconds),
      showSpread(s.cores, 2),
      `${(s.wallSeconds.median / raw.wallSeconds.median).toFixed(2)}x`,
      `${(s.cpuSeconds.median / raw.cpuSeconds.median).toFixed(2)}x`,
    ];
  });

  return {
    name: "encode",
    title: "Encoder",
    intro: [
      `A ${info.durationSeconds} s ${info.width}x${info.height} ${info.frameRate} fps H.264 + AAC source (lavfi test pattern and tone, ` +
        `cached by \`bench/encode/source.ts\`) and the default ladder (${rungs.map((r) => `${r.name} ${r.videoKbps}k`).join(", ")} + AAC 128k). ` +
        `${runs} runs of each variant after a ${WARM_UP_SECONDS} s warm-up, the order rotated every round. Wall time, realtime factor ` +
        `(media seconds per wall second, from the median) and CPU seconds (user + system of the ffmpeg processes). Medians (range).`,
      shortcuts(seconds, runs),
    ],
    tables: [{ headers: ["variant", "what", "wall s", "realtime x", "CPU s", "cores used (CPU ÷ wall)", "wall ÷ raw", "CPU ÷ raw"], rows }],
    verdicts: [
      {
        what: "pipeline overhead (packageVideo wall ÷ raw one-command wall, medians)",
        measured: `${overhead.toFixed(2)}x (paired runs ${pairedSpread.min.toFixed(2)}–${pairedSpread.max.toFixed(2)}; CPU seconds ${cpuOverhead.toFixed(2)}x)`,
        target: `≤ ${OVERHEAD_TARGET.toFixed(2)}x`,
        met: overhead <= OVERHEAD_TARGET,
      },
    ],
    notes: [
      ...(overhead > OVERHEAD_TARGET && cpuOverhead <= OVERHEAD_TARGET
        ? [
            `The pipeline did ${Math.abs((cpuOverhead - 1) * 100).toFixed(0)} % ${cpuOverhead >= 1 ? "more" : "less"} CPU work than \`raw\` but took ${((overhead - 1) * 100).toFixed(0)} % longer: ` +
              `its ffmpeg got ${summary.pipeline!.cores.median.toFixed(2)} cores (median) against ${raw.cores.median.toFixed(2)} for \`raw\`. ` +
              "On this shared machine the cores a process gets vary from run to run with other people's load, so the wall-time miss says more about the load than about the pipeline; the CPU ratio is the steadier measure of its overhead.",
          ]
        : []),
      "The pipeline's extra work over `raw` is the poster and storyboard branches of the same decode plus a second, small ffmpeg run that tiles the storyboard sprite; on a short source that fixed cost weighs more than on a long one.",
      "`seed` makes one rendition and no poster or storyboard: it is cheaper because it does a fifth of the work, and a player gets no adaptive ladder from it.",
      "`parallel` decodes the source once per rung; on 2 cores the processes compete for the same CPU (see `encoder/media/STRATEGY.md`).",
      "Every variant's exact ffmpeg command lines are in the JSON (`commands`); `raw` is `buildLadderArgs` as the pipeline calls it, without the poster and storyboard outputs.",
    ],
    data: {
      source: { path: source, ...info },
      rungs,
      runsPerVariant: runs,
      commands: Object.fromEntries(VARIANTS.map((v) => [v.name, v.commands(input)])),
      runs: timings,
      summary,
      overheadPipelineOverRaw: overhead,
      pairedOverhead: paired,
    },
  };
}
